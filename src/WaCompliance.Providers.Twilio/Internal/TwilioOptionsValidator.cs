using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using WaCompliance.Numbers;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>
/// Validates the <see cref="TwilioOptions"/> of one registration at start. Messages name the setting by property and
/// by configuration key (or registration); they never contain a credential or a number.
/// </summary>
internal sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    private readonly string _name;
    private readonly string? _configurationPath;

    public TwilioOptionsValidator(string name, string? configurationPath)
    {
        _name = name;
        _configurationPath = configurationPath;
    }

    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        if (!string.Equals(name, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountSid))
        {
            failures.Add(Setting(nameof(options.AccountSid), "is required: the Account SID from the Twilio Console (AC followed by 32 hexadecimal digits)."));
        }
        else if (!AccountSidPattern().IsMatch(options.AccountSid))
        {
            failures.Add(Setting(nameof(options.AccountSid), "must be AC followed by 32 hexadecimal digits."));
        }

        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            failures.Add(Setting(nameof(options.AuthToken),
                "is required: Twilio signs every webhook with it, and REST calls use it unless an API key is set. Load it from a secret store or an environment variable."));
        }

        if (options.ApiKeySid is not null)
        {
            if (!ApiKeySidPattern().IsMatch(options.ApiKeySid))
            {
                failures.Add(Setting(nameof(options.ApiKeySid), "must be SK followed by 32 hexadecimal digits."));
            }

            if (string.IsNullOrWhiteSpace(options.ApiKeySecret))
            {
                failures.Add(Setting(nameof(options.ApiKeySecret), "is required when ApiKeySid is set."));
            }
        }
        else if (options.ApiKeySecret is not null)
        {
            failures.Add(Setting(nameof(options.ApiKeySid), "is required when ApiKeySecret is set."));
        }

        if (options.MessagingServiceSid is not null && !MessagingServiceSidPattern().IsMatch(options.MessagingServiceSid))
        {
            failures.Add(Setting(nameof(options.MessagingServiceSid), "must be MG followed by 32 hexadecimal digits."));
        }

        ValidateSenders(options, failures);
        ValidateUrl(options.StatusCallback, nameof(options.StatusCallback), allowQuery: true, failures);
        if (options.ApiBaseUrl is null)
        {
            failures.Add(Setting(nameof(options.ApiBaseUrl), "is required (default https://api.twilio.com)."));
        }

        if (options.ContentBaseUrl is null)
        {
            failures.Add(Setting(nameof(options.ContentBaseUrl), "is required (default https://content.twilio.com)."));
        }

        ValidateUrl(options.ApiBaseUrl, nameof(options.ApiBaseUrl), allowQuery: false, failures);
        ValidateUrl(options.ContentBaseUrl, nameof(options.ContentBaseUrl), allowQuery: false, failures);
        ValidateUrl(options.WebhookPublicBaseUrl, nameof(options.WebhookPublicBaseUrl), allowQuery: false, failures);
        if (options.Region is not null && !HostLabelPattern().IsMatch(options.Region))
        {
            failures.Add(Setting(nameof(options.Region), "must be a Twilio region such as ie1 or au1 (lower-case letters, digits, hyphens)."));
        }

        if (options.Edge is not null && !HostLabelPattern().IsMatch(options.Edge))
        {
            failures.Add(Setting(nameof(options.Edge), "must be a Twilio edge such as dublin or sydney (lower-case letters, digits, hyphens)."));
        }

        if (options.WebhookSigningKey is { } signingKey && string.IsNullOrWhiteSpace(signingKey))
        {
            failures.Add(Setting(nameof(options.WebhookSigningKey), "must not be blank; leave it unset to use the Auth Token."));
        }

        if (options.MaxWebhookBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add(Setting(nameof(options.MaxWebhookBodyBytes), "must be between 1,024 and 67,108,864 bytes."));
        }

        if (!Enum.IsDefined(options.InteractiveMessages))
        {
            failures.Add(Setting(nameof(options.InteractiveMessages), "must be CreateContent or Refuse."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateSenders(TwilioOptions options, List<string> failures)
    {
        if (options.Senders is null || options.Senders.Count == 0)
        {
            failures.Add(Setting(nameof(options.Senders), "must list at least one WhatsApp sender number in E.164 form, e.g. +14155550100."));
            return;
        }

        var seen = new Dictionary<WhatsAppNumber, int>();
        for (var i = 0; i < options.Senders.Count; i++)
        {
            var setting = $"{nameof(options.Senders)}:{i}";
            if (!TwilioNumbers.TryParseSender(options.Senders[i], out var number, out var fault))
            {
                failures.Add(Setting(setting, fault!));
            }
            else if (!seen.TryAdd(number, i))
            {
                failures.Add(Setting(setting, string.Create(CultureInfo.InvariantCulture, $"is the same number as {nameof(options.Senders)}.{seen[number]}; list each sender once.")));
            }
        }
    }

    private void ValidateUrl(Uri? url, string property, bool allowQuery, List<string> failures)
    {
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add(Setting(property, "must be an absolute http or https URL."));
        }
        else if (!allowQuery && (url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            failures.Add(Setting(property, "must not have a query or fragment."));
        }
    }

    private string Setting(string property, string problem)
    {
        var key = _configurationPath is null ? $"registration '{_name}'" : $"{_configurationPath}:{property}";
        return $"TwilioOptions.{property.Replace(':', '.')} ({key}) {problem}";
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^SK[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeySidPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex MessagingServiceSidPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex HostLabelPattern();
}
