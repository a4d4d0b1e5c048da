using System.Globalization;
using Microsoft.Extensions.Options;
using WaCompliance.Numbers;

namespace WaCompliance.Providers.MessageBird;

/// <summary>
/// Validates every named <see cref="MessageBirdOptions"/> when the application starts. Messages name the registration
/// and the setting; they never contain the access key, the signing key or a number.
/// </summary>
internal sealed class MessageBirdOptionsValidator : IValidateOptions<MessageBirdOptions>
{
    public ValidateOptionsResult Validate(string? name, MessageBirdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Fail(string setting, string problem) =>
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"MessageBirdOptions.{setting} (MessageBird registration '{name}') {problem}"));

        if (!Enum.IsDefined(options.ApiMode))
        {
            Fail(nameof(options.ApiMode), "must be Channels or LegacyConversations.");
        }

        if (string.IsNullOrWhiteSpace(options.AccessKey))
        {
            Fail(nameof(options.AccessKey), "is required: the Bird/MessageBird access key, loaded from a secret store.");
        }
        else if (options.AccessKey.AsSpan().IndexOfAny('\r', '\n') >= 0 || options.AccessKey.Trim().Length != options.AccessKey.Length)
        {
            Fail(nameof(options.AccessKey), "contains white space or a line break.");
        }

        if (options.ApiMode == MessageBirdApiMode.Channels)
        {
            if (!Guid.TryParse(options.WorkspaceId, out _))
            {
                Fail(nameof(options.WorkspaceId), "is required for the Channels API and must be the workspace UUID.");
            }

            if (!Guid.TryParse(options.ChannelId, out _))
            {
                Fail(nameof(options.ChannelId), "is required for the Channels API and must be the WhatsApp channel UUID.");
            }

            foreach (var (template, project) in options.TemplateProjects ?? new Dictionary<string, string>())
            {
                if (string.IsNullOrWhiteSpace(template) || !ChannelsTemplateReference.TryParse(project, out _))
                {
                    Fail(nameof(options.TemplateProjects), $"entry '{template}' must be 'projectId' or 'projectId:version'.");
                }
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.ChannelId) || options.ChannelId.AsSpan().IndexOfAny("/?#\r\n ") >= 0)
            {
                Fail(nameof(options.ChannelId), "is required for the Conversations API: the channel id sent as 'from'.");
            }

            if (string.IsNullOrWhiteSpace(options.TemplateNamespace))
            {
                Fail(nameof(options.TemplateNamespace), "is required for the Conversations API: the WhatsApp template namespace sent in hsm.namespace.");
            }
        }

        if (options.Senders is null || options.Senders.Count == 0)
        {
            Fail(nameof(options.Senders), "must list at least one business number in E.164 form, e.g. +31612345678.");
        }
        else
        {
            var seen = new HashSet<WhatsAppNumber>();
            for (var i = 0; i < options.Senders.Count; i++)
            {
                var setting = string.Create(CultureInfo.InvariantCulture, $"{nameof(options.Senders)}[{i}]");
                if (!SenderNumbers.TryParse(options.Senders[i], out var number, out var problem))
                {
                    Fail(setting, problem!);
                }
                else if (!seen.Add(number))
                {
                    Fail(setting, "repeats an earlier sender.");
                }
            }
        }

        CheckUrl(options.ChannelsBaseUrl, nameof(options.ChannelsBaseUrl), Fail);
        CheckUrl(options.ConversationsBaseUrl, nameof(options.ConversationsBaseUrl), Fail);
        CheckUrl(options.IntegrationsBaseUrl, nameof(options.IntegrationsBaseUrl), Fail);
        if (options.WebhookPublicUrl is not null)
        {
            CheckUrl(options.WebhookPublicUrl, nameof(options.WebhookPublicUrl), Fail, allowQuery: true);
        }

        if (options.WebhookSigningKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            Fail(nameof(options.WebhookSigningKey), "is empty; leave it unset or set the subscription's signing key.");
        }

        if (options.WebhookTimestampTolerance < TimeSpan.FromSeconds(1) || options.WebhookTimestampTolerance > TimeSpan.FromHours(1))
        {
            Fail(nameof(options.WebhookTimestampTolerance), "must be between 1 second and 1 hour (Bird signs each delivery with its time).");
        }

        if (options.MaxWebhookBodyBytes < 1024 || options.MaxWebhookBodyBytes > 64 * 1024 * 1024)
        {
            Fail(nameof(options.MaxWebhookBodyBytes), "must be between 1 KiB and 64 MiB.");
        }

        if (options.ReplayCacheCapacity < 1 || options.ReplayCacheCapacity > 10_000_000)
        {
            Fail(nameof(options.ReplayCacheCapacity), "must be between 1 and 10,000,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(Uri? url, string setting, Action<string, string> fail, bool allowQuery = false)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            fail(setting, "must be an absolute http(s) URL.");
        }
        else if (!allowQuery && (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment)))
        {
            fail(setting, "must not have a query or fragment.");
        }
    }
}
