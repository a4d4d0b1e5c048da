using Microsoft.Extensions.Options;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Internal;

namespace WaCompliance.Providers.Dialog360.DependencyInjection;

/// <summary>
/// Validates the <see cref="Dialog360Options"/> of one registration when the application starts. Messages name the
/// registration and the setting, never a secret's value.
/// </summary>
internal sealed class Dialog360OptionsValidator : IValidateOptions<Dialog360Options>
{
    /// <summary>The shortest accepted secret header value.</summary>
    public const int MinimumSecretLength = 16;

    private const int MinimumBodyBytes = 1024;
    private const int MaximumBodyBytes = 64 * 1024 * 1024;

    private readonly string _name;

    /// <summary>Creates the validator of one registration.</summary>
    /// <param name="name">The registration name.</param>
    public Dialog360OptionsValidator(string name)
    {
        _name = name;
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, Dialog360Options options)
    {
        if (!string.Equals(name, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add(Setting("ApiKey", "is required: the channel's API key from the 360dialog hub, sent as D360-API-KEY."));
        }
        else if (options.ApiKey.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e'))
        {
            failures.Add(Setting("ApiKey", "contains spaces, control or non-ASCII characters; an API key is printable ASCII."));
        }

        CheckSenders(options, failures);
        CheckBaseUrl(options.BaseUrl, failures);
        CheckWebhook(options.Webhook, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckSenders(Dialog360Options options, List<string> failures)
    {
        if (options.Senders is not { Count: > 0 } senders)
        {
            failures.Add(Setting("Senders", "needs the E.164 number the API key sends from, e.g. \"+4915100000000\"."));
            return;
        }

        var seen = new Dictionary<WhatsAppNumber, int>();
        for (var i = 0; i < senders.Count; i++)
        {
            if (!SenderNumbers.TryParse(senders[i], out var number, out var problem))
            {
                failures.Add(Setting($"Senders:{i}", problem!));
            }
            else if (seen.TryGetValue(number, out var first))
            {
                failures.Add(Setting($"Senders:{i}", $"repeats Senders:{first}: list each number once."));
            }
            else
            {
                seen[number] = i;
            }
        }
    }

    private void CheckBaseUrl(Uri? url, List<string> failures)
    {
        if (url is null || !url.IsAbsoluteUri)
        {
            failures.Add(Setting("BaseUrl", "must be an absolute URL such as https://waba-v2.360dialog.io."));
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            failures.Add(Setting("BaseUrl", "must use HTTPS (plain HTTP is accepted only for a loopback test server)."));
        }
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            failures.Add(Setting("BaseUrl", "must not have a query or fragment."));
        }
    }

    private void CheckWebhook(Dialog360WebhookOptions? webhook, List<string> failures)
    {
        if (webhook is null)
        {
            failures.Add(Setting("Webhook", "must not be null."));
            return;
        }

        var hasName = !string.IsNullOrWhiteSpace(webhook.SecretHeaderName);
        var hasValue = !string.IsNullOrEmpty(webhook.SecretHeaderValue);
        if (hasName != hasValue)
        {
            failures.Add(Setting(hasName ? "Webhook:SecretHeaderValue" : "Webhook:SecretHeaderName", "is required when the other half of the secret header is set."));
        }

        if (hasName && !webhook.SecretHeaderName!.All(IsTokenChar))
        {
            failures.Add(Setting("Webhook:SecretHeaderName", "is not a valid HTTP header name."));
        }

        if (hasValue && webhook.SecretHeaderValue!.Length < MinimumSecretLength)
        {
            failures.Add(Setting("Webhook:SecretHeaderValue", $"must have at least {MinimumSecretLength} characters: it is the only thing authenticating 360dialog's calls."));
        }

        if (webhook.AppSecret is { Length: 0 } || (webhook.AppSecret is { } secret && string.IsNullOrWhiteSpace(secret)))
        {
            failures.Add(Setting("Webhook:AppSecret", "is empty; leave it unset when X-Hub-Signature-256 is not used."));
        }

        if (webhook.VerifyToken is { } token && string.IsNullOrWhiteSpace(token))
        {
            failures.Add(Setting("Webhook:VerifyToken", "is empty; leave it unset when no subscription handshake is expected."));
        }

        if (webhook.MaxBodyBytes is < MinimumBodyBytes or > MaximumBodyBytes)
        {
            failures.Add(Setting("Webhook:MaxBodyBytes", $"must be between {MinimumBodyBytes} and {MaximumBodyBytes} bytes (default {Dialog360WebhookOptions.DefaultMaxBodyBytes})."));
        }

        if (webhook.PublicUrl is { } url)
        {
            if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add(Setting("Webhook:PublicUrl", "must be an absolute HTTPS URL."));
            }
            else if (url.AbsoluteUri.Contains('_', StringComparison.Ordinal) || !url.IsDefaultPort)
            {
                failures.Add(Setting("Webhook:PublicUrl", "must not contain an underscore or an explicit port: 360dialog refuses such webhook URLs."));
            }
        }
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private string Setting(string property, string problem) =>
        $"Dialog360Options.{property.Replace(':', '.')} of the 360dialog registration '{_name}' ({property}) {problem}";
}
