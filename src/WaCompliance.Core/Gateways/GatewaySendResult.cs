namespace WaCompliance.Gateways;

/// <summary>What a provider answered to a send.</summary>
public sealed record GatewaySendResult
{
    private GatewaySendResult(bool accepted, string? providerMessageId, MessageDeliveryStatus? status, ProviderError? error)
    {
        IsAccepted = accepted;
        ProviderMessageId = providerMessageId;
        Status = status;
        Error = error;
    }

    /// <summary>Whether the provider accepted the message.</summary>
    public bool IsAccepted { get; }

    /// <summary>The provider's message id, when accepted.</summary>
    public string? ProviderMessageId { get; }

    /// <summary>The status the provider reported, when accepted.</summary>
    public MessageDeliveryStatus? Status { get; }

    /// <summary>The error, when refused.</summary>
    public ProviderError? Error { get; }

    /// <summary>The provider accepted the message.</summary>
    /// <param name="providerMessageId">Its id at the provider.</param>
    /// <param name="status">The status it reported (usually queued).</param>
    /// <returns>The result.</returns>
    public static GatewaySendResult Accepted(string providerMessageId, MessageDeliveryStatus status = MessageDeliveryStatus.Queued)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        return new(true, providerMessageId, status, null);
    }

    /// <summary>The provider refused the message; it was not sent.</summary>
    /// <param name="error">Why.</param>
    /// <returns>The result.</returns>
    public static GatewaySendResult Refused(ProviderError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(false, null, null, error);
    }
}
