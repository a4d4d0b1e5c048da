using WaCompliance.Consent;
using WaCompliance.Internal;

namespace WaCompliance.Idempotency;

/// <summary>Validation and outcome transitions of send records, the same for every store.</summary>
public static class IdempotencyRules
{
    /// <summary>The longest key accepted.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The longest error message kept (longer ones are cut).</summary>
    private const int MaxErrorMessageLength = 1024;

    /// <summary>Checks a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The key is empty, too long, or has control characters or an unpaired surrogate.</exception>
    public static string ValidateKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("An idempotency key is required.", nameof(key));
        }

        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"An idempotency key has at most {MaxKeyLength} characters.", nameof(key));
        }

        if (key.Any(char.IsControl))
        {
            throw new ArgumentException("An idempotency key may not contain control characters.", nameof(key));
        }

        if (StoredText.HasUnkeepable(key))
        {
            // No store keeps half a surrogate pair (UTF-8 cannot encode it): two such keys could become one.
            throw new ArgumentException("An idempotency key may not contain an unpaired UTF-16 surrogate.", nameof(key));
        }

        return key;
    }

    /// <summary>The record of a new claim.</summary>
    /// <param name="key">The key.</param>
    /// <param name="at">The claim time.</param>
    /// <returns>The record, in progress.</returns>
    public static SendRecord NewClaim(string key, DateTimeOffset at) => new()
    {
        Key = ValidateKey(key),
        Status = SendStatus.InProgress,
        ClaimedAt = ConsentChain.NormalizeTimestamp(at),
    };

    /// <summary>
    /// Applies an outcome to a record (see <see cref="IIdempotencyStore.CompleteAsync"/>). The error message is cut to
    /// 1,024 characters; NUL characters and unpaired surrogates in the error code and message become U+FFFD.
    /// </summary>
    /// <param name="record">The current record.</param>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The new record.</returns>
    /// <exception cref="ArgumentException">The outcome is <see cref="SendStatus.InProgress"/>.</exception>
    public static SendRecord Apply(SendRecord record, SendOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == SendStatus.InProgress || !Enum.IsDefined(outcome.Status))
        {
            throw new ArgumentException("An outcome is Sent, Failed or Unknown.", nameof(outcome));
        }

        if (record.Status is SendStatus.Sent or SendStatus.Failed)
        {
            return record.ProviderMessageId is null && outcome.ProviderMessageId is not null
                ? record with { ProviderMessageId = outcome.ProviderMessageId }
                : record;
        }

        return record with
        {
            Status = outcome.Status,
            CompletedAt = ConsentChain.NormalizeTimestamp(outcome.CompletedAt),
            Gateway = outcome.Gateway ?? record.Gateway,
            ProviderMessageId = outcome.ProviderMessageId ?? record.ProviderMessageId,
            ErrorCode = StoredText.Clean(outcome.ErrorCode),
            ErrorMessage = StoredText.Clean(StoredText.Cut(outcome.ErrorMessage, MaxErrorMessageLength)),
            ConsentRecordId = outcome.ConsentRecordId ?? record.ConsentRecordId,
        };
    }
}
