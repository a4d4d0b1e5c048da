namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>The outcome of checking a webhook signature, before replay and parsing.</summary>
/// <param name="Code">A <see cref="WaCompliance.Webhooks.WebhookRejection"/> code, or <see langword="null"/> when valid.</param>
/// <param name="Reason">Why it is not valid (no secrets, no body).</param>
/// <param name="ReplayKey">When valid: what identifies this signed request for replay detection.</param>
/// <param name="ReplayUntil">When valid: until when a replay of it would still be accepted.</param>
internal readonly record struct SignatureVerdict(string? Code, string? Reason, string? ReplayKey, DateTimeOffset ReplayUntil)
{
    public bool IsValid => Code is null;

    public static SignatureVerdict Valid(string replayKey, DateTimeOffset replayUntil) => new(null, null, replayKey, replayUntil);

    public static SignatureVerdict Invalid(string code, string reason) => new(code, reason, null, default);
}
