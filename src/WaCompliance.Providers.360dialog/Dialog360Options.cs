namespace WaCompliance.Providers.Dialog360;

/// <summary>
/// Settings of one 360dialog registration (<c>Add360dialog(name, ...)</c>). A 360dialog API key belongs to one
/// WhatsApp number, so a registration usually lists one sender. Validated when the application starts.
/// </summary>
public sealed class Dialog360Options
{
    /// <summary>The default API host: 360dialog's Cloud API hosting.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://waba-v2.360dialog.io/");

    /// <summary>
    /// The channel's API key, sent as the <c>D360-API-KEY</c> header. A secret: load it from a secret store or an
    /// environment variable; it is never logged nor put in an exception message.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The business number(s) the key sends from, as E.164 text such as <c>+4915100000000</c>. Any line type is
    /// accepted (landline and toll-free business numbers included): the number is the one registered with WhatsApp.
    /// </summary>
    public IList<string> Senders { get; set; } = [];

    /// <summary>
    /// The API host, <see cref="DefaultBaseUrl"/> unless set (a sandbox, or a local stub in tests). Messages go to
    /// <c>{BaseUrl}/messages</c>, templates to <c>{BaseUrl}/v1/configs/templates</c>.
    /// </summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>How webhook requests of this registration are authenticated and read.</summary>
    public Dialog360WebhookOptions Webhook { get; set; } = new();
}
