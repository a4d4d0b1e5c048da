using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WaCompliance.Consent;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Templates;

namespace WaCompliance.Benchmarks;

/// <summary>The engine with in-memory stores, every pack on, a fake clock, consent for many people and two templates.</summary>
internal sealed class PolicyBenchmarkSetup : IDisposable
{
    public static readonly WhatsAppNumber Business = WhatsAppNumber.Parse("+64215550100");

    /// <summary>Tuesday 3 November 2026, 11:00 in Auckland: inside every sending window.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 11, 3, 11, 0, 0, TimeSpan.FromHours(13));

    private readonly ServiceProvider _services;

    /// <param name="people">How many people with an opt-in to seed.</param>
    /// <param name="step">How far the clock moves at each reading (zero: it stands still).</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <param name="storage">Replaces the in-memory stores (for example <c>UseSqlite</c>); migrations run before seeding.</param>
    public PolicyBenchmarkSetup(
        int people,
        TimeSpan? step = null,
        Action<WhatsAppComplianceOptions>? configure = null,
        Action<IWhatsAppComplianceBuilder>? storage = null)
    {
        Time = new BenchmarkClock(Noon, step ?? TimeSpan.Zero);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddWhatsAppCompliance(o =>
            {
                o.BusinessName = "Acme Ltd";
                o.Pepper = "benchmark-pepper-0123456789abcdef0123";
                o.Policy.MessagingLimit = null;
                configure?.Invoke(o);
            }).UseInMemoryStores()
            .AddGateway("noop", _ => new NoOpGateway(Business))
            .Apply(storage);
        _services = services.BuildServiceProvider();

        // What the host does at start: validate options, migrate the schema.
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        var catalog = Get<ITemplateCatalog>();
        catalog.UpsertAsync(new MessageTemplate
        {
            Name = "order_shipped",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order {{2}} has shipped.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
        }).AsTask().GetAwaiter().GetResult();
        catalog.UpsertAsync(new MessageTemplate
        {
            Name = "spring_sale",
            Language = "en",
            Category = TemplateCategory.Marketing,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, our spring sale starts today: {{2}} off everything.",
            Footer = "Reply STOP to opt out",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "25%" },
        }).AsTask().GetAwaiter().GetResult();

        People = new WhatsAppNumber[people];
        var ledger = Get<IConsentLedger>();
        var evidence = new ConsentEvidence("Yes, send me offers and order updates from Acme Ltd on WhatsApp.", "form-v3");
        var batch = new List<ConsentEvent>(10_000);
        for (var i = 0; i < people; i++)
        {
            People[i] = WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + i}"));
            batch.Add(ConsentEvent.OptIn(People[i], ConsentPurpose.All, ConsentMethod.WebForm, evidence) with { CapturedAt = Noon.AddDays(-1) });
            if (batch.Count == batch.Capacity || i == people - 1)
            {
                ledger.RecordManyAsync(batch).AsTask().GetAwaiter().GetResult();
                batch.Clear();
            }
        }
    }

    public BenchmarkClock Time { get; }

    public WhatsAppNumber[] People { get; }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();

    /// <summary>Messages for <paramref name="count"/> of the seeded people: utility templates, each with its own order number.</summary>
    public OutboundMessage[] UtilityCampaign(int count) =>
        People.Take(count).Select((p, i) => Utility(p, string.Create(CultureInfo.InvariantCulture, $"A-{i}"))).ToArray();

    public static OutboundMessage Utility(MessageRecipient to, string order) =>
        OutboundMessage.Template(to, "order_shipped", "en", MessagePurpose.Utility, ["Aroha", order]) with { From = Business };

    public static OutboundMessage Marketing(MessageRecipient to) =>
        OutboundMessage.Template(to, "spring_sale", "en", MessagePurpose.Marketing, ["Aroha", "25%"]) with { From = Business };

    /// <summary>A clock that stands still or moves a fixed step per reading of the time, without the locks of a test clock.</summary>
    internal sealed class BenchmarkClock(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() =>
            new(step == TimeSpan.Zero ? _ticks : Interlocked.Add(ref _ticks, step.Ticks), TimeSpan.Zero);

        /// <summary>The same time line as <see cref="GetUtcNow"/>, so rate limiters measure clock time, not wall time.</summary>
        public override long GetTimestamp() => Volatile.Read(ref _ticks);
    }

    /// <summary>Accepts everything at once: measures the engine, not a provider.</summary>
    private sealed class NoOpGateway(WhatsAppNumber sender) : IMessageGateway
    {
        private static readonly ValueTask<GatewaySendResult> s_accepted = ValueTask.FromResult(GatewaySendResult.Accepted("noop"));

        public string Name => "noop";

        public string Provider => "noop";

        public IReadOnlyList<WhatsAppNumber> Senders { get; } = [sender];

        public ValueTask<GatewaySendResult> SendAsync(GatewayMessage message, CancellationToken cancellationToken = default) => s_accepted;
    }
}

internal static class BuilderExtensions
{
    public static IWhatsAppComplianceBuilder Apply(this IWhatsAppComplianceBuilder builder, Action<IWhatsAppComplianceBuilder>? configure)
    {
        configure?.Invoke(builder);
        return builder;
    }
}
