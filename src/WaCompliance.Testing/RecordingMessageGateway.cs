using System.Collections.Concurrent;
using System.Globalization;
using WaCompliance.Gateways;
using WaCompliance.Numbers;

namespace WaCompliance.Testing;

/// <summary>
/// An <see cref="IMessageGateway"/> that sends nothing: it records every message it is given and answers with the
/// next scripted response, or accepts with a generated provider id. Use it in tests and demos to see what the
/// messenger would have sent.
/// </summary>
public sealed class RecordingMessageGateway : IMessageGateway
{
    private readonly ConcurrentQueue<GatewayMessage> _sent = new();
    private readonly ConcurrentQueue<Func<GatewayMessage, CancellationToken, ValueTask<GatewaySendResult>>> _script = new();
    private int _next;

    /// <summary>Creates the gateway.</summary>
    /// <param name="name">The registration name.</param>
    /// <param name="senders">The sender numbers it holds.</param>
    public RecordingMessageGateway(string name, IEnumerable<WhatsAppNumber> senders)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(senders);
        Name = name;
        Senders = [.. senders];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Provider => "recording";

    /// <inheritdoc />
    public IReadOnlyList<WhatsAppNumber> Senders { get; }

    /// <summary>Every message the gateway was asked to send, in order (retries included).</summary>
    public IReadOnlyList<GatewayMessage> Sent => [.. _sent];

    /// <summary>How many send calls the gateway received.</summary>
    public int CallCount => _sent.Count;

    /// <summary>Answers the next call with this result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The gateway, to chain.</returns>
    public RecordingMessageGateway Then(GatewaySendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _script.Enqueue((_, _) => ValueTask.FromResult(result));
        return this;
    }

    /// <summary>Answers the next call by throwing this exception (e.g. an <see cref="HttpRequestException"/>).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The gateway, to chain.</returns>
    public RecordingMessageGateway ThenThrow(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _script.Enqueue((_, _) => ValueTask.FromException<GatewaySendResult>(exception));
        return this;
    }

    /// <summary>Answers the next call with a custom function (e.g. one that waits, to simulate a slow provider).</summary>
    /// <param name="respond">The function.</param>
    /// <returns>The gateway, to chain.</returns>
    public RecordingMessageGateway Then(Func<GatewayMessage, CancellationToken, ValueTask<GatewaySendResult>> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        _script.Enqueue(respond);
        return this;
    }

    /// <inheritdoc />
    public ValueTask<GatewaySendResult> SendAsync(GatewayMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        _sent.Enqueue(message);
        if (_script.TryDequeue(out var respond))
        {
            return respond(message, cancellationToken);
        }

        var id = Interlocked.Increment(ref _next);
        return ValueTask.FromResult(GatewaySendResult.Accepted(string.Create(CultureInfo.InvariantCulture, $"rec-{id:D6}")));
    }
}
