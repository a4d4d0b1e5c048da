using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
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

        ValidatePolicy(options.Policy, failures);
        ValidateSending(options.Sending, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePolicy(CompliancePolicyOptions policy, List<string> failures)
    {
        if ((policy.Packs & ~RulePacks.All) != 0)
        {
            failures.Add(Setting("Policy:Packs", $"'{policy.Packs}' names packs that do not exist."));
        }

        Window("Policy:QuietHours:UnitedStates", policy.QuietHours.UnitedStates, required: true);
        Window("Policy:QuietHours:International", policy.QuietHours.International, required: false);
        foreach (var (state, specification) in policy.QuietHours.States)
        {
            if (state.Length < 4 || state[2] != '-')
            {
                failures.Add(Setting($"Policy:QuietHours:States:{state}", "is not an ISO 3166-2 code such as 'US-TX'."));
            }

            Window($"Policy:QuietHours:States:{state}", specification, required: false);
        }

        if (policy.MessagingLimit is <= 0)
        {
            failures.Add(Setting("Policy:MessagingLimit", "must be positive (250, 2000, 10000, 100000), or empty for unlimited."));
        }

        Positive("Policy:MessagingLimitRetry", policy.MessagingLimitRetry);
        Positive("Policy:MarketingBackoff", policy.MarketingBackoff);
        Positive("Policy:NotOnWhatsAppRecheck", policy.NotOnWhatsAppRecheck);
        Positive("Policy:OptOutConfirmationWindow", policy.OptOutConfirmationWindow);
        Positive("Policy:QuietHours:UnknownTimeZoneRetry", policy.QuietHours.UnknownTimeZoneRetry);
        NotNegative("Policy:DuplicateWindow", policy.DuplicateWindow);
        NotNegative("Policy:PairRateInterval", policy.PairRateInterval);
        if (policy.StateFrequencyCap.Max < 1)
        {
            failures.Add(Setting("Policy:StateFrequencyCap:Max", "must be at least 1."));
        }

        Positive("Policy:StateFrequencyCap:Period", policy.StateFrequencyCap.Period);
        var caps = policy.FrequencyCaps ?? [];
        for (var i = 0; i < caps.Length; i++)
        {
            if (!ConsentPurpose.TryParse(caps[i].Purpose, out _))
            {
                failures.Add(Setting($"Policy:FrequencyCaps:{i}:Purpose", $"'{caps[i].Purpose}' is not a purpose such as 'marketing'."));
            }

            if (caps[i].Max < 1)
            {
                failures.Add(Setting($"Policy:FrequencyCaps:{i}:Max", "must be at least 1."));
            }

            Positive($"Policy:FrequencyCaps:{i}:Period", caps[i].Period);
        }

        void Window(string setting, string? specification, bool required)
        {
            if (string.IsNullOrWhiteSpace(specification))
            {
                if (required)
                {
                    failures.Add(Setting(setting, "is required, e.g. '08:00-21:00'."));
                }

                return;
            }

            try
            {
                SendWindow.Parse(specification);
            }
            catch (FormatException e)
            {
                failures.Add(Setting(setting, $"is not a send window: {e.Message}"));
            }
        }

        void Positive(string setting, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add(Setting(setting, "must be more than zero."));
            }
        }

        void NotNegative(string setting, TimeSpan value)
        {
            if (value < TimeSpan.Zero)
            {
                failures.Add(Setting(setting, "must not be negative."));
            }
        }
    }

    private static void ValidateSending(SendingOptions sending, List<string> failures)
    {
        if (sending.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add(Setting("Sending:MaxRetryAttempts", "must be between 0 and 10."));
        }

        if (sending.RetryBaseDelay <= TimeSpan.Zero || sending.MaxRetryAfter <= TimeSpan.Zero || sending.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add(Setting("Sending:RetryBaseDelay", "RetryBaseDelay, MaxRetryAfter and AttemptTimeout must be more than zero."));
        }

        if (sending.CircuitBreakerFailureRatio is <= 0 or > 1)
        {
            failures.Add(Setting("Sending:CircuitBreakerFailureRatio", "must be more than 0 and at most 1."));
        }

        if (sending.CircuitBreakerMinimumThroughput < 2)
        {
            failures.Add(Setting("Sending:CircuitBreakerMinimumThroughput", "must be at least 2."));
        }

        if (sending.CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || sending.CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add(Setting("Sending:CircuitBreakerSamplingDuration", "CircuitBreakerSamplingDuration and CircuitBreakerBreakDuration must be at least 0.5 seconds."));
        }

        if (sending.MessagesPerSecondPerSender < 0)
        {
            failures.Add(Setting("Sending:MessagesPerSecondPerSender", "must not be negative (0 turns the limit off)."));
        }

        if (sending.MaxConcurrency < 1)
        {
            failures.Add(Setting("Sending:MaxConcurrency", "must be at least 1."));
        }

        if (sending.ClaimLease <= sending.AttemptTimeout)
        {
            failures.Add(Setting("Sending:ClaimLease", "must be longer than Sending:AttemptTimeout, so at least one provider attempt fits in a claim's lease."));
        }
    }

    private static string Setting(string property, string problem) =>
        $"WhatsAppComplianceOptions.{property.Replace(':', '.')} ({WhatsAppComplianceOptions.SectionName}:{property}) {problem}";
}
