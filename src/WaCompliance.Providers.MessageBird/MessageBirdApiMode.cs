namespace WaCompliance.Providers.MessageBird;

/// <summary>Which MessageBird (Bird) API a registration sends through.</summary>
public enum MessageBirdApiMode
{
    /// <summary>
    /// The Bird Channels API (<c>https://api.bird.com/workspaces/{workspaceId}/channels/{channelId}/messages</c>), the
    /// current API for WhatsApp: free-form messages, templates (Studio projects) and signed webhooks. The default.
    /// </summary>
    Channels = 0,

    /// <summary>
    /// The legacy MessageBird Conversations API (<c>https://conversations.messagebird.com/v1/send</c>) with
    /// <c>MessageBird-Signature-JWT</c> webhooks and the Integrations API for templates. For accounts that still use it.
    /// </summary>
    LegacyConversations = 1,
}
