using System.Runtime.CompilerServices;
using WaCompliance.Identities;

namespace WaCompliance.Webhooks;

/// <summary>A thread-safe in-memory <see cref="IWebhookDeadLetterStore"/>.</summary>
public sealed class InMemoryWebhookDeadLetterStore : IWebhookDeadLetterStore
{
    private readonly Lock _gate = new();
    private readonly List<WebhookDeadLetter> _letters = [];

    /// <inheritdoc />
    public ValueTask<bool> AddAsync(WebhookDeadLetter letter, CancellationToken cancellationToken = default)
    {
        letter = WebhookDeadLetterRules.Normalize(letter);
        lock (_gate)
        {
            if (_letters.Exists(l => l.Id == letter.Id || WebhookDeadLetterRules.IsSameUnresolved(l, letter)))
            {
                return ValueTask.FromResult(false);
            }

            _letters.Add(letter);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WebhookDeadLetter> ListAsync(
        string? source = null,
        bool includeResolved = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        WebhookDeadLetter[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _letters.Where(l => (source is null || l.Source == source) && (includeResolved || l.ResolvedAt is null))];
        }

        foreach (var letter in snapshot.OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return letter;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> RecordAttemptAsync(Guid id, DateTimeOffset? resolvedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var index = _letters.FindIndex(l => l.Id == id);
            if (index < 0)
            {
                return ValueTask.FromResult(false);
            }

            var letter = _letters[index];
            _letters[index] = letter with { Attempts = letter.Attempts + 1, ResolvedAt = letter.ResolvedAt ?? (resolvedAt is { } at ? Consent.ConsentChain.NormalizeTimestamp(at) : null) };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> EraseAsync(WhatsAppIdentifier subject, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_letters.RemoveAll(l => WebhookDeadLetterRules.NamesPerson(l, subject)));
        }
    }
}
