using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.Twilio.Templates;

namespace WaCompliance.Providers.Twilio.Gateway;

/// <summary>
/// The Content resources that carry quick-reply buttons: one per distinct set of buttons and footer, created on first
/// use and remembered. Their body is the variable <c>{{1}}</c>, so message text is never stored at Twilio.
/// </summary>
internal sealed class TwilioInteractiveContents
{
    private readonly TwilioContentApi _api;
    private readonly ConcurrentDictionary<string, Task<(string? Sid, ProviderError? Error)>> _sids = new(StringComparer.Ordinal);

    public TwilioInteractiveContents(TwilioContentApi api)
    {
        _api = api;
    }

    /// <summary>How many button sets have a ContentSid (or one being created).</summary>
    public int Count => _sids.Count;

    /// <summary>The ContentSid for the content's buttons and footer, creating the Content resource the first time.</summary>
    public async ValueTask<(string? Sid, ProviderError? Error)> GetSidAsync(InteractiveContent content, CancellationToken cancellationToken)
    {
        var key = Fingerprint(content);
        var task = _sids.GetOrAdd(key, static (k, state) => state.Self.CreateAsync(k, state.Content), (Self: this, Content: content));
        try
        {
            var result = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (result.Error is not null)
            {
                _sids.TryRemove(new(key, task));
            }

            return result;
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            _sids.TryRemove(new(key, task));
            throw;
        }
    }

    private async Task<(string? Sid, ProviderError? Error)> CreateAsync(string key, InteractiveContent content)
    {
        // Created once for every later sender of the same buttons: not tied to the first caller's cancellation.
        await Task.Yield();
        var actions = content.Buttons.Select(b => new ContentAction { Type = "QUICK_REPLY", Title = b.Title, Id = b.Id }).ToList();
        var types = content.Footer is null
            ? new ContentTypes { QuickReply = new TwilioQuickReplyType { Body = "{{1}}", Actions = actions } }
            : new ContentTypes { Card = new WhatsAppCardType { Body = "{{1}}", Footer = content.Footer, Actions = actions } };
        var request = new ContentCreateRequest
        {
            FriendlyName = "wacompliance_quick_reply_" + key,
            Language = "en",
            Variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["1"] = "message" },
            Types = types,
        };
        var (created, error) = await _api.CreateAsync(request, CancellationToken.None).ConfigureAwait(false);
        return error is not null ? (null, error)
            : string.IsNullOrEmpty(created!.Sid) ? (null, new ProviderError(ProviderErrorKind.Unknown, null, "The Twilio Content API created content without a sid."))
            : (created.Sid, null);
    }

    private static string Fingerprint(InteractiveContent content)
    {
        var text = new StringBuilder();
        text.Append(content.Footer is null ? "-" : "+" + content.Footer).Append('\0');
        foreach (var button in content.Buttons)
        {
            text.Append(button.Id).Append('\0').Append(button.Title).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 8);
    }
}
