using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WaCompliance.Numbers;
using WaCompliance.Privacy;

namespace WaCompliance;

/// <summary>
/// Validates <see cref="WhatsAppComplianceOptions"/> when the application starts. Each message names the setting by
/// property and by configuration key.
/// </summary>
internal sealed class WhatsAppComplianceOptionsValidator : IValidateOptions<WhatsAppComplianceOptions>
{
    private readonly IHostEnvironment? _environment;

    public WhatsAppComplianceOptionsValidator(IHostEnvironment? environment = null)
    {
        _environment = environment;
    }

    public ValidateOptionsResult Validate(string? name, WhatsAppComplianceOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BusinessName))
        {
            failures.Add(Setting(nameof(options.BusinessName), "is required: the business name people opt in to receive messages from."));
        }
        else if (options.BusinessName.Length > 256)
        {
            failures.Add(Setting(nameof(options.BusinessName), "has more than 256 characters."));
        }

        if (options.DefaultRegion is not null && !WhatsAppNumberParser.IsSupportedRegion(options.DefaultRegion))
        {
            failures.Add(Setting(nameof(options.DefaultRegion), $"'{options.DefaultRegion}' is not a known ISO 3166-1 alpha-2 region such as 'NZ'."));
        }

        if (string.IsNullOrEmpty(options.Pepper))
        {
            if (_environment?.IsDevelopment() != true)
            {
                failures.Add(Setting(nameof(options.Pepper),
                    "is required outside the Development environment: a secret of at least 32 bytes that keys subject hashes. Load it from a secret store or an environment variable, never from code."));
            }
        }
        else if (Encoding.UTF8.GetByteCount(options.Pepper) < HmacSubjectKeyProvider.MinimumPepperBytes)
        {
            failures.Add(Setting(nameof(options.Pepper), $"must be at least {HmacSubjectKeyProvider.MinimumPepperBytes} bytes long."));
        }

        foreach (var type in options.AcceptedNumberTypes ?? [])
        {
            if (type == WhatsAppNumberType.Unknown || !Enum.IsDefined(type))
            {
                failures.Add(Setting(nameof(options.AcceptedNumberTypes), $"'{type}' is not a line type that can be accepted."));
            }
        }

        if (options.CustomerServiceWindow <= TimeSpan.Zero || options.CustomerServiceWindow > TimeSpan.FromDays(7))
        {
            failures.Add(Setting(nameof(options.CustomerServiceWindow), "must be more than zero and at most 7 days (WhatsApp uses 24 hours)."));
        }

        if (options.FreeEntryPointWindow <= TimeSpan.Zero || options.FreeEntryPointWindow > TimeSpan.FromDays(30))
        {
            failures.Add(Setting(nameof(options.FreeEntryPointWindow), "must be more than zero and at most 30 days (WhatsApp uses 72 hours)."));
        }

        if (options.MessageCounterRetention < TimeSpan.FromDays(1) || options.MessageCounterRetention > TimeSpan.FromDays(400))
        {
            failures.Add(Setting(nameof(options.MessageCounterRetention), "must be between 1 and 400 days: the messaging limit looks back 24 hours."));
        }

        if (options.Controller is { Email: { } email } && !email.Contains('@', StringComparison.Ordinal))
        {
            failures.Add(Setting("Controller:Email", $"'{email}' is not an e-mail address."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string property, string problem) =>
        $"WhatsAppComplianceOptions.{property.Replace(':', '.')} ({WhatsAppComplianceOptions.SectionName}:{property}) {problem}";
}
