namespace WaCompliance.Providers.Twilio;

/// <summary>
/// Settings of one Twilio registration (<c>AddTwilio(name, ...)</c>): the account and its credentials, the WhatsApp
/// senders, callbacks, and the base URLs (overridable for regions and tests). Validated when the application starts.
/// </summary>
/// <remarks>
/// The Auth Token is a secret: load it from a secret store or an environment variable, never from code. It is never
/// logged nor put in an exception message.
/// </remarks>
public sealed class TwilioOptions
{
    /// <summary>The default Messages API base URL.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.twilio.com");

    /// <summary>The default Content API base URL.</summary>
    public static readonly Uri DefaultContentBaseUrl = new("https://content.twilio.com");

    /// <summary>The Account SID (<c>AC</c> followed by 32 hexadecimal digits). Required.</summary>
    public string? AccountSid { get; set; }

    /// <summary>
    /// The Auth Token of the account (a secret). Required: Twilio signs every webhook with it
    /// (<c>X-Twilio-Signature</c>), and REST calls use it unless an API key is set.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>Optional API key SID (<c>SK</c> + 32 hexadecimal digits) used instead of the Auth Token for REST calls.</summary>
    public string? ApiKeySid { get; set; }

    /// <summary>The secret of <see cref="ApiKeySid"/> (a secret); required when the key is set.</summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>
    /// Optional Messaging Service SID (<c>MG</c> + 32 hexadecimal digits). When set it is sent with every message,
    /// beside the <c>From</c> the policy chose, so the service's features and callbacks apply.
    /// </summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>The WhatsApp sender numbers of this account in E.164 form, e.g. <c>+14155550100</c>. At least one.</summary>
    public IList<string> Senders { get; set; } = [];

    /// <summary>
    /// Optional URL Twilio posts status callbacks to (sent as <c>StatusCallback</c> with every message, with the send's
    /// reference added as the <c>WaComplianceReference</c> query parameter, so a callback names the send even when its
    /// sid was never recorded).
    /// </summary>
    public Uri? StatusCallback { get; set; }

    /// <summary>The Messages API base URL (default <c>https://api.twilio.com</c>); override for tests or a proxy.</summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>The Content API base URL (default <c>https://content.twilio.com</c>); override for tests or a proxy.</summary>
    public Uri ContentBaseUrl { get; set; } = DefaultContentBaseUrl;

    /// <summary>
    /// Optional Twilio region, e.g. <c>ie1</c> or <c>au1</c>. With the default base URLs, hosts become
    /// <c>api.{edge}.{region}.twilio.com</c> as in Twilio's SDKs (a region without an edge gives
    /// <c>api.{region}.twilio.com</c>). Non-US regions have their own Auth Token.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>Optional Twilio edge location, e.g. <c>dublin</c> or <c>sydney</c> (region <c>us1</c> when none is set).</summary>
    public string? Edge { get; set; }

    /// <summary>
    /// The public base URL of the webhook endpoints when the application runs behind a proxy or load balancer:
    /// scheme, host, port and any path prefix the proxy strips, e.g. <c>https://hooks.example.com/api</c>. Twilio signs
    /// the URL it called, so the reader verifies against this base plus the request's path and query instead of the
    /// URL the application saw. Leave unset when <see cref="WaCompliance.Webhooks.WebhookRequest.Url"/> already is the
    /// public URL.
    /// </summary>
    public Uri? WebhookPublicBaseUrl { get; set; }

    /// <summary>
    /// Optional key for webhooks signed by a Twilio Webhooks Rule (header <c>X-Twilio-Webhooks-Signature-Settings</c>
    /// with <c>algorithm=HMAC_SHA256</c>); the Auth Token is used when unset. A secret.
    /// </summary>
    public string? WebhookSigningKey { get; set; }

    /// <summary>The largest webhook body accepted, in bytes (default 1 MiB); larger ones are refused with <c>BODY_TOO_LARGE</c>.</summary>
    public int MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How interactive (quick-reply) messages are sent; see <see cref="TwilioInteractiveMode"/>.</summary>
    public TwilioInteractiveMode InteractiveMessages { get; set; } = TwilioInteractiveMode.CreateContent;
}
