namespace WaCompliance.Messaging;

/// <summary>How <see cref="IWhatsAppMessenger.SendManyAsync(IAsyncEnumerable{OutboundMessage}, SendManyOptions?, CancellationToken)"/> works through a batch.</summary>
public sealed class SendManyOptions
{
    /// <summary>Messages in flight at once; <see langword="null"/> for <see cref="SendingOptions.MaxConcurrency"/>.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>Receives progress after each message.</summary>
    public IProgress<SendProgress>? Progress { get; init; }
}
