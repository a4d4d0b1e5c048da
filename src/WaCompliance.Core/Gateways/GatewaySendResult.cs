namespace WaCompliance.Gateways;

/// <summary>What a provider answered to a send.</summary>
public sealed record GatewaySendResult
{
    private GatewaySendResult(bool accepted, string? providerMessageId, MessageDeliveryStatus? status, ProviderError? error, Identities.WhatsAppIdentity? reached = null)
    {
        Reached = reached;
        IsAccepted = accepted;
        ProviderMessageId = providerMessageId;
        Status = status;
        Error = error;
    }

    /// <summary>Whom the provider says the message reached, when it says (see <see cref="Accepted(string, Identities.WhatsAppIdentity, MessageDeliveryStatus)"/>).</summary>
    public Identities.WhatsAppIdentity? Reached { get; }

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

    /// <summary>
    /// The provider accepted the message and said whom it reached (Meta's <c>contacts[].wa_id</c> or <c>user_id</c>
    /// for the <c>input</c> sent): evidence that links the identifier sent to with the one WhatsApp reports.
    /// </summary>
    /// <param name="providerMessageId">The provider's message id.</param>
    /// <param name="reached">The identifiers the provider reported for the recipient.</param>
    /// <param name="status">The initial status.</param>
    /// <returns>The result.</returns>
    public static GatewaySendResult Accepted(string providerMessageId, Identities.WhatsAppIdentity reached, MessageDeliveryStatus status = MessageDeliveryStatus.Queued)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        return new(true, providerMessageId, status, null, reached.IsEmpty ? null : reached);
    }

    /// <summary>
    /// The provider refused the message (it was not sent), or answered with a server error that leaves the outcome
    /// open (<see cref="ProviderError.IsOutcomeUnknown"/>).
    /// </summary>
    /// <param name="error">Why.</param>
    /// <returns>The result.</returns>
    public static GatewaySendResult Refused(ProviderError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(false, null, null, error);
    }
}
