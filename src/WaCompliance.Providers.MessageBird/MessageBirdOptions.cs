namespace WaCompliance.Providers.MessageBird;

/// <summary>
/// Settings of one MessageBird (Bird) registration: credentials, the API and channel it sends through, the business
/// numbers it sends from, and how its webhooks are verified. Validated when the application starts.
/// </summary>
public sealed class MessageBirdOptions
{
    /// <summary>The Bird Channels API host.</summary>
    public const string DefaultChannelsBaseUrl = "https://api.bird.com";

    /// <summary>The legacy MessageBird Conversations API host.</summary>
    public const string DefaultConversationsBaseUrl = "https://conversations.messagebird.com";

    /// <summary>The legacy MessageBird Integrations API host (WhatsApp template management).</summary>
    public const string DefaultIntegrationsBaseUrl = "https://integrations.messagebird.com";

    /// <summary>The default largest webhook body accepted: 1 MiB.</summary>
    public const int DefaultMaxWebhookBodyBytes = 1024 * 1024;

    /// <summary>Which API to send through. Default: <see cref="MessageBirdApiMode.Channels"/>.</summary>
    public MessageBirdApiMode ApiMode { get; set; } = MessageBirdApiMode.Channels;

    /// <summary>The access key, sent as <c>Authorization: AccessKey &lt;key&gt;</c>. Required; a secret: load it from a secret store.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The Bird workspace id (a UUID). Required for <see cref="MessageBirdApiMode.Channels"/>.</summary>
    public string? WorkspaceId { get; set; }

    /// <summary>
    /// The channel id: for <see cref="MessageBirdApiMode.Channels"/> the Bird WhatsApp channel (a UUID); for
    /// <see cref="MessageBirdApiMode.LegacyConversations"/> the Conversations channel id sent as <c>from</c>. Required.
    /// </summary>
    public string? ChannelId { get; set; }

    /// <summary>
    /// The WhatsApp business numbers of the channel, in E.164 form (<c>+31612345678</c>). At least one. Any line type
    /// is accepted (landline and toll-free business numbers are common on WhatsApp), and so is a well-formed number of
    /// a range libphonenumber does not know yet; short codes are not.
    /// </summary>
    public IList<string> Senders { get; set; } = [];

    /// <summary>
    /// For <see cref="MessageBirdApiMode.LegacyConversations"/>: the WhatsApp template namespace sent in <c>hsm.namespace</c>
    /// (required by that API for template messages).
    /// </summary>
    public string? TemplateNamespace { get; set; }

    /// <summary>
    /// For <see cref="MessageBirdApiMode.Channels"/>: Bird Studio projects by template name, as <c>projectId</c> or
    /// <c>projectId:version</c>. Used when the catalog template has no <c>ProviderTemplateId</c>; templates found in
    /// neither are sent by name.
    /// </summary>
    public IDictionary<string, string> TemplateProjects { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The Channels API base URL (regions, tests). Default <see cref="DefaultChannelsBaseUrl"/>.</summary>
    public Uri ChannelsBaseUrl { get; set; } = new(DefaultChannelsBaseUrl);

    /// <summary>The legacy Conversations API base URL (tests). Default <see cref="DefaultConversationsBaseUrl"/>.</summary>
    public Uri ConversationsBaseUrl { get; set; } = new(DefaultConversationsBaseUrl);

    /// <summary>The legacy Integrations API base URL (tests). Default <see cref="DefaultIntegrationsBaseUrl"/>.</summary>
    public Uri IntegrationsBaseUrl { get; set; } = new(DefaultIntegrationsBaseUrl);

    /// <summary>
    /// The webhook signing key: the <c>signingKey</c> of the Bird webhook subscription (Channels) or the MessageBird
    /// signing key (legacy JWT). Required to read webhooks; a secret.
    /// </summary>
    public string? WebhookSigningKey { get; set; }

    /// <summary>
    /// The public URL Bird calls (the URL it signs), when the application sits behind a proxy that changes the URL
    /// it sees. Default: the URL of the request as received.
    /// </summary>
    public Uri? WebhookPublicUrl { get; set; }

    /// <summary>How far a signed webhook timestamp may be from now (either way). Default 5 minutes; 1 second to 1 hour.</summary>
    public TimeSpan WebhookTimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest webhook body accepted, in bytes. Default 1 MiB.</summary>
    public int MaxWebhookBodyBytes { get; set; } = DefaultMaxWebhookBodyBytes;

    /// <summary>
    /// Whether a webhook signature (Channels) or JWT id (legacy) seen before, within the tolerance window, is refused
    /// as a replay. Default <see langword="true"/>. The memory is per process.
    /// </summary>
    public bool RejectReplayedWebhooks { get; set; } = true;

    /// <summary>How many signatures the replay memory keeps at most (the oldest are forgotten first). Default 100,000.</summary>
    public int ReplayCacheCapacity { get; set; } = 100_000;
}
