using WaCompliance.Numbers;

namespace WaCompliance;

/// <summary>
/// Settings of the compliance engine, bound from configuration (by convention the section <c>WhatsAppCompliance</c>)
/// or set in code. Validated when the application starts.
/// </summary>
public sealed class WhatsAppComplianceOptions
{
    /// <summary>The usual configuration section name.</summary>
    public const string SectionName = "WhatsAppCompliance";

    /// <summary>
    /// The business name people opt in to hear from (WhatsApp requires the opt-in to name it). Recorded with every
    /// opt-in that does not name another. Required.
    /// </summary>
    public string BusinessName { get; set; } = string.Empty;

    /// <summary>The ISO 3166-1 alpha-2 region for numbers written without a country code, e.g. <c>NZ</c>.</summary>
    public string? DefaultRegion { get; set; }

    /// <summary>
    /// The secret that keys subject HMACs (at least 32 bytes). Required outside the Development environment; never
    /// put it in code: load it from a secret store or environment. Changing it orphans every existing subject key.
    /// </summary>
    public string? Pepper { get; set; }

    /// <summary>
    /// The line types taken as likely on WhatsApp; <see langword="null"/> or empty for mobile and fixed-line-or-mobile.
    /// A hint, never validity: numbers of every type parse. List cleaning reports other types as "probably not on
    /// WhatsApp", and a send to one without evidence carries <c>NUMBER_LINE_TYPE_UNVERIFIED</c>.
    /// </summary>
    public WhatsAppNumberType[]? AcceptedNumberTypes { get; set; }

    /// <summary>How long the customer service window stays open after a person's last message (24 hours).</summary>
    public TimeSpan CustomerServiceWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the free entry point window lasts after the business answers an ad or page referral (72 hours).</summary>
    public TimeSpan FreeEntryPointWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How long message counters keep each send, the longest period any cap looks back over (35 days).</summary>
    public TimeSpan MessageCounterRetention { get; set; } = TimeSpan.FromDays(35);

    /// <summary>The data controller named in consent receipts and exports.</summary>
    public ConsentControllerOptions Controller { get; set; } = new();

    /// <summary>The policy's rule packs and their parameters (section <c>WhatsAppCompliance:Policy</c>).</summary>
    public Policy.CompliancePolicyOptions Policy { get; set; } = new();

    /// <summary>How messages are sent: retries, circuit breaker, timeouts, throughput (section <c>WhatsAppCompliance:Sending</c>).</summary>
    public Messaging.SendingOptions Sending { get; set; } = new();
}

/// <summary>The data controller, as consent receipts (Kantara v1.1) and ISO/IEC TS 27560 records name it.</summary>
public sealed class ConsentControllerOptions
{
    /// <summary>The controller's legal name; defaults to the business name.</summary>
    public string? Name { get; set; }

    /// <summary>The controller's postal address.</summary>
    public string? Address { get; set; }

    /// <summary>A contact (person or role) for privacy questions.</summary>
    public string? Contact { get; set; }

    /// <summary>The privacy contact e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>The privacy contact phone number.</summary>
    public string? Phone { get; set; }

    /// <summary>The controller's web site.</summary>
    public Uri? Url { get; set; }

    /// <summary>The privacy notice that consent was given under.</summary>
    public Uri? PolicyUrl { get; set; }
}
