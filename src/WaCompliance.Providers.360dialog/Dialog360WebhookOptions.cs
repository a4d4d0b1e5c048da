namespace WaCompliance.Providers.Dialog360;

/// <summary>
/// How webhook requests of a 360dialog registration are authenticated. 360dialog forwards Meta's webhook payloads
/// unsigned by default and sends the custom headers configured with the webhook URL: set
/// <see cref="SecretHeaderName"/> and <see cref="SecretHeaderValue"/> to such a header. When the payloads carry
/// Meta's <c>X-Hub-Signature-256</c>, set <see cref="AppSecret"/>. At least one of the two is required; every one
/// configured must match.
/// </summary>
public sealed class Dialog360WebhookOptions
{
    /// <summary>The default largest body accepted: 1 MiB.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// The Meta app secret that keys <c>X-Hub-Signature-256</c> (<c>sha256=</c> hex HMAC-SHA256 of the raw body).
    /// When set, requests without a valid signature are refused. A secret.
    /// </summary>
    public string? AppSecret { get; set; }

    /// <summary>The name of the secret header 360dialog forwards with every webhook, e.g. <c>X-Webhook-Secret</c>.</summary>
    public string? SecretHeaderName { get; set; }

    /// <summary>The value of the secret header (at least 16 characters). A secret.</summary>
    public string? SecretHeaderValue { get; set; }

    /// <summary>
    /// The token of Meta's subscription handshake (<c>GET ?hub.mode=subscribe&amp;hub.verify_token=...&amp;hub.challenge=...</c>).
    /// When set, a matching handshake is answered with the challenge; when not set, handshakes are refused.
    /// </summary>
    public string? VerifyToken { get; set; }

    /// <summary>
    /// The public HTTPS URL of this registration's webhook endpoint, as 360dialog calls it (behind a proxy or load
    /// balancer, the outside URL). <c>ConfigureWebhookAsync</c> registers it at 360dialog with the secret header.
    /// 360dialog refuses URLs with an underscore or an explicit port.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The largest body accepted, in bytes; larger requests are refused with <c>BODY_TOO_LARGE</c>. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}
