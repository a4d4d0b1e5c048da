using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Templates;

/// <summary>One send through the messenger on a SQLite file, stopping for good at a step so the test can kill the process there.</summary>
internal static class SendCrash
{
    public const string Pepper = "crash-test-pepper-0123456789abcdef0123456789";
    public const string Key = "crash:1";
    public static readonly WhatsAppNumber Business = WhatsAppNumber.Parse("+14155550100");
    public static readonly WhatsAppNumber Person = WhatsAppNumber.Parse("+64211000001");

    public static async Task<int> RunAsync(string database, string step, string providerLog)
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Crash Test Ltd";
            o.Pepper = Pepper;
            o.Policy.QuietHours.International = null;
            o.Sending.RecoverOnStart = false;
        })
            .AddGateway("file:main", _ => new FileProvider(providerLog, step))
            .UseSqlite($"Data Source={database}");
        var descriptor = services.Last(d => d.ServiceType == typeof(IIdempotencyStore));
        services.Remove(descriptor);
        services.AddSingleton<IIdempotencyStore>(sp => new StoppingStore((IIdempotencyStore)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!), step));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "order_shipped",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order {{2}} has shipped. Reply STOP to opt out.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
            ProviderTemplateId = "HX" + new string('0', 32),
        });
        await provider.GetRequiredService<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(Person, ConsentPurpose.Utility, ConsentMethod.WebForm,
            new ConsentEvidence("Yes, send me WhatsApp messages from Crash Test Ltd. Reply STOP to opt out.", "form-v3"), DateTimeOffset.UtcNow.AddDays(-1)) with
        {
            ConsentType = ConsentType.ExpressWritten,
        });

        var result = await provider.GetRequiredService<IWhatsAppMessenger>().SendAsync(
            OutboundMessage.Template(Person, "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1042"], Key));
        Console.WriteLine("finished " + result.Status);
        return 0;
    }

    private static async Task StopAsync(string at, string step)
    {
        Console.WriteLine(at);
        if (at == step)
        {
            // Stopped for good: the test kills the process here.
            await Task.Delay(Timeout.Infinite);
        }
    }

    /// <summary>The "provider": every message it takes is appended (flushed to disk) before it answers.</summary>
    private sealed class FileProvider(string log, string step) : IMessageGateway
    {
        private int _sent;

        public string Name => "file:main";

        public string Provider => "file";

        public IReadOnlyList<WhatsAppNumber> Senders { get; } = [Business];

        public async ValueTask<GatewaySendResult> SendAsync(GatewayMessage message, CancellationToken cancellationToken = default)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"file-{Interlocked.Increment(ref _sent)}");
            await using (var stream = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.WriteThrough))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"{message.IdempotencyKey} {message.Reference} {id}\n"), cancellationToken);
            }

            await StopAsync("called", step);
            return GatewaySendResult.Accepted(id);
        }
    }

    /// <summary>The real store, with stops after the claim is stored and before the outcome is.</summary>
    private sealed class StoppingStore(IIdempotencyStore inner, string step) : IIdempotencyStore
    {
        public async ValueTask<IdempotencyClaim> TryClaimAsync(SendClaim claim, CancellationToken cancellationToken = default)
        {
            var result = await inner.TryClaimAsync(claim, cancellationToken);
            await StopAsync("claimed", step);
            return result;
        }

        public async ValueTask<SendRecord> CompleteAsync(string key, SendOutcome outcome, CancellationToken cancellationToken = default)
        {
            await StopAsync("completing", step);
            return await inner.CompleteAsync(key, outcome, cancellationToken);
        }

        public ValueTask<SendRecord?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default) =>
            inner.FindByProviderMessageIdAsync(providerMessageId, cancellationToken);

        public ValueTask<SendRecord?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default) =>
            inner.FindByReferenceAsync(reference, cancellationToken);

        public ValueTask<IReadOnlyList<SendRecord>> ExpireLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
            inner.ExpireLeasesAsync(now, limit, cancellationToken);

        public ValueTask<IReadOnlyList<SendRecord>> GetByStatusAsync(SendStatus status, int limit, CancellationToken cancellationToken = default) =>
            inner.GetByStatusAsync(status, limit, cancellationToken);
    }
}
