using BenchmarkDotNet.Attributes;
using WaCompliance.Messaging;
using WaCompliance.Policy;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figure: the messenger's overhead over a no-op gateway is at most 2x a bare decision. Both evaluate the same
/// stream of utility templates to 100,000 people; the messenger also records the decision, claims a key, sends
/// through the resilience pipeline and throughput limiter, records the outcome and counts the message. The clock
/// moves 1 ms per reading, so a person comes round again minutes later: past the pair-rate interval (6 s) and, with
/// the duplicate window set to one minute here, no longer a duplicate; the whole run stays inside the sending hours.
/// The throughput limiter runs at 1,000 messages per second (WhatsApp's highest tier): it accounts for every send
/// but, at the few milliseconds of clock time each send reads, never has to wait.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: 16_000)]
public class MessengerOverheadBenchmarks
{
    private PolicyBenchmarkSetup _setup = null!;
    private ICompliancePolicy _policy = null!;
    private IWhatsAppMessenger _messenger = null!;
    private OutboundMessage[] _messages = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _setup = new PolicyBenchmarkSetup(100_000, TimeSpan.FromMilliseconds(1), o =>
        {
            o.Policy.DuplicateWindow = TimeSpan.FromMinutes(1);
            o.Sending.MessagesPerSecondPerSender = 1_000;
        });
        _policy = _setup.Get<ICompliancePolicy>();
        _messenger = _setup.Get<IWhatsAppMessenger>();
        _messages = _setup.People.Select((p, i) => PolicyBenchmarkSetup.Utility(p, $"A-{i}")).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Baseline = true)]
    public bool BareDecision() => _policy.EvaluateAsync(Next()).GetAwaiter().GetResult().IsAllowed;

    [Benchmark]
    public bool MessengerSend_NoOpGateway() =>
        _messenger.SendAsync(Next()).GetAwaiter().GetResult().Status == SendResultStatus.Sent
            ? true
            : throw new InvalidOperationException("every benchmark send must go out");

    private OutboundMessage Next()
    {
        var message = _messages[_next];
        _next = _next + 1 == _messages.Length ? 0 : _next + 1;
        return message;
    }
}
