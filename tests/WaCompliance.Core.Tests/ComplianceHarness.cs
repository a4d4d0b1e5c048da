using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Privacy;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Testing;
using WaCompliance.Webhooks;

namespace WaCompliance.Tests;

/// <summary>The engine with in-memory stores, a fake clock and a recording gateway, for policy, messenger and webhook tests.</summary>
internal sealed class ComplianceHarness : IAsyncDisposable
{
    public static readonly WhatsAppNumber Business = WhatsAppNumber.Parse("+14155550100");
    public static readonly WhatsAppNumber Nz = WhatsAppNumber.Parse("+64211234567");
    public static readonly WhatsAppNumber NewYork = WhatsAppNumber.Parse("+12125550123");
    public static readonly WhatsAppNumber Florida = WhatsAppNumber.Parse("+13055550123");
    public static readonly WhatsAppNumber Texas = WhatsAppNumber.Parse("+15125550123");
    public static readonly WhatsAppNumber RhodeIsland = WhatsAppNumber.Parse("+14015550123");
    public static readonly WhatsAppNumber California = WhatsAppNumber.Parse("+14155550123");
    public static readonly WhatsAppNumber Alaska = WhatsAppNumber.Parse("+19075550100");
    public static readonly WhatsAppNumber Ontario = WhatsAppNumber.Parse("+14165550123");
    public static readonly WhatsAppNumber Germany = WhatsAppNumber.Parse("+4915123456789");
    public static readonly WhatsAppNumber Britain = WhatsAppNumber.Parse("+447400123456");
    public static readonly WhatsAppNumber Australia = WhatsAppNumber.Parse("+61412345678");
    public static readonly WhatsAppNumber Brazil = WhatsAppNumber.Parse("+5511912345678");

    /// <summary>Monday 2 November 2026, 14:00 UTC: 09:00 in New York, 03:00 on Tuesday in Auckland.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public ComplianceHarness(
        Action<WhatsAppComplianceOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool gateway = true,
        DateTimeOffset? start = null)
    {
        Time = new Messaging.ObservedTime(start ?? Start);
        Gateway = new RecordingMessageGateway("main", [Business]);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        services?.Invoke(collection);
        var builder = collection.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = "harness-pepper-0123456789abcdef0123456789";
            o.Sending.Randomizer = () => 0.5;
            configure?.Invoke(o);
        }).UseInMemoryStores();
        if (gateway)
        {
            builder.AddRecordingGateway(Gateway);
        }

        _services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public Messaging.ObservedTime Time { get; }

    public RecordingMessageGateway Gateway { get; }

    public IServiceProvider Services => _services;

    public ICompliancePolicy Policy => Get<ICompliancePolicy>();

    public IWhatsAppMessenger Messenger => Get<IWhatsAppMessenger>();

    public IConsentLedger Ledger => Get<IConsentLedger>();

    public ISuppressionList Suppressions => Get<ISuppressionList>();

    public IConversationWindowStore Windows => Get<IConversationWindowStore>();

    public ITemplateCatalog Templates => Get<ITemplateCatalog>();

    public IMessageCounterStore Counters => Get<IMessageCounterStore>();

    public IIdempotencyStore Sends => Get<IIdempotencyStore>();

    public IDecisionLog Decisions => Get<IDecisionLog>();

    public IJurisdictionOverrideStore Overrides => Get<IJurisdictionOverrideStore>();

    public WebhookProcessor Webhooks => Get<WebhookProcessor>();

    public IIdentityLinkStore Links => Get<IIdentityLinkStore>();

    public IWebhookDeadLetterStore DeadLetters => Get<IWebhookDeadLetterStore>();

    public IDataSubjectService DataSubjects => Get<IDataSubjectService>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Sets the clock to a local wall time in a zone (forward only).</summary>
    public void SetLocal(string zone, int year, int month, int day, int hour, int minute = 0) =>
        Time.SetUtcNow(Local(zone, year, month, day, hour, minute));

    /// <summary>The instant of a local wall time in a zone.</summary>
    public static DateTimeOffset Local(string zone, int year, int month, int day, int hour, int minute = 0)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, tz.GetUtcOffset(local)).ToUniversalTime();
    }

    public async Task<ConsentRecord> OptInAsync(
        WhatsAppIdentifier number,
        ConsentPurpose purpose,
        ConsentType type = ConsentType.ExpressWritten,
        LawfulBasis basis = LawfulBasis.Consent,
        DateTimeOffset? expiresAt = null,
        string? businessName = null,
        bool withWording = true) =>
        await Ledger.RecordAsync(ConsentEvent.OptIn(number, purpose, ConsentMethod.WebForm,
            withWording ? new ConsentEvidence("Yes, send me WhatsApp messages from Acme Ltd. Reply STOP to opt out.", "form-v3") : null) with
        {
            ConsentType = type,
            LawfulBasis = basis,
            ExpiresAt = expiresAt,
            BusinessName = businessName,
            CapturedAt = Time.GetUtcNow().AddDays(-1),
        });

    public Task InboundAsync(WhatsAppIdentifier number, TimeSpan? ago = null) =>
        Windows.RecordInboundAsync(Business, number, Time.GetUtcNow() - (ago ?? TimeSpan.FromMinutes(5))).AsTask();

    public async Task<MessageTemplate> TemplateAsync(
        string name,
        TemplateCategory category,
        TemplateStatus status = TemplateStatus.Approved,
        string body = "Hi {{1}}, your order {{2}} has shipped. Reply STOP to opt out.",
        string? footer = null) =>
        await Templates.UpsertAsync(new MessageTemplate
        {
            Name = name,
            Language = "en",
            Category = category,
            Status = status,
            Body = body,
            Footer = footer,
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
            ProviderTemplateId = "HX" + new string('0', 32),
        });

    public Task RecordSentAsync(WhatsAppIdentifier recipient, ConsentPurpose purpose, TimeSpan ago, string? topic = null, bool businessInitiated = true, string? fingerprint = null, WhatsAppNumber? sender = null) =>
        Counters.RecordAsync(new MessageCountEntry
        {
            Sender = sender ?? Business,
            Recipient = recipient,
            Purpose = purpose,
            SentAt = Time.GetUtcNow() - ago,
            Topic = topic,
            BusinessInitiated = businessInitiated,
            ContentFingerprint = fingerprint,
        }).AsTask();

    public static OutboundMessage Marketing(MessageRecipient to, string template = "spring_sale", string? topic = null) =>
        OutboundMessage.Template(to, template, "en", MessagePurpose.Marketing, ["Aroha", "A-1042"]) with { Topic = topic };

    public static OutboundMessage Utility(MessageRecipient to, string template = "order_shipped") =>
        OutboundMessage.Template(to, template, "en", MessagePurpose.Utility, ["Aroha", "A-1042"]);

    public static OutboundMessage Reply(MessageRecipient to, string text = "Your order A-1042 ships today.") =>
        OutboundMessage.Text(to, text);
}
