using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Privacy;

namespace WaCompliance.Benchmarks;

/// <summary>Issue figure: current consent state lookup, in-memory ledger holding 1,000,000 subjects, median under 200 ns.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ConsentLookupBenchmarks
{
    private const int Subjects = 1_000_000;
    private ConsentLedger _ledger = null!;
    private WhatsAppNumber[] _numbers = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var keys = new HmacSubjectKeyProvider("benchmark-pepper-0123456789abcdef0123");
        var options = Options.Create(new WhatsAppComplianceOptions { BusinessName = "Acme Ltd", Pepper = "unused" });
        _ledger = new ConsentLedger(new InMemoryConsentStore(keys), keys, TimeProvider.System, options);
        _numbers = new WhatsAppNumber[Subjects];
        var batch = new List<ConsentEvent>(10_000);
        for (var i = 0; i < Subjects; i++)
        {
            _numbers[i] = WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + i}"));
            batch.Add(i % 10 == 0
                ? ConsentEvent.OptOut(_numbers[i], ConsentPurpose.All, ConsentMethod.Keyword)
                : ConsentEvent.OptIn(_numbers[i], ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("I agree", "v1")));
            if (batch.Count == batch.Capacity)
            {
                _ledger.RecordManyAsync(batch).AsTask().GetAwaiter().GetResult();
                batch.Clear();
            }
        }

        // Visit subjects in a scattered order so lookups do not walk memory sequentially.
        new Random(7).Shuffle(_numbers);
    }

    [Benchmark]
    public ConsentStatus GetState_Marketing()
    {
        var number = _numbers[_next];
        _next = _next + 1 == _numbers.Length ? 0 : _next + 1;
        return _ledger.GetStateAsync(number, ConsentPurpose.Marketing).GetAwaiter().GetResult().Status;
    }
}
