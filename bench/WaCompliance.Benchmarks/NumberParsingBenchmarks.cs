using BenchmarkDotNet.Attributes;
using PhoneNumbers;
using WaCompliance.Numbers;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figure: parsing + validating + jurisdiction of a number costs at most 1.15x libphonenumber's own
/// Parse + IsValidNumber + GetNumberType, on the same 10,000 mixed inputs, side by side in one run.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class NumberParsingBenchmarks
{
    private const int Count = 10_000;
    private static readonly PhoneNumberUtil s_util = PhoneNumberUtil.GetInstance();
    private readonly WhatsAppNumberParser _parser = new(MixedNumberInputs.DefaultRegion);
    private string[] _inputs = [];

    [GlobalSetup]
    public void Setup()
    {
        _inputs = MixedNumberInputs.Create(Count);

        // Warm the shared caches both sides use (metadata, time-zone data), outside the measurement.
        Libphonenumber_Parse_IsValid_GetNumberType();
        WaCompliance_Parse_Validate_Jurisdiction();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int Libphonenumber_Parse_IsValid_GetNumberType()
    {
        var valid = 0;
        foreach (var input in _inputs)
        {
            try
            {
                var number = s_util.Parse(input, MixedNumberInputs.DefaultRegion);
                if (s_util.IsValidNumber(number) && s_util.GetNumberType(number) != PhoneNumberType.UNKNOWN)
                {
                    valid++;
                }
            }
            catch (NumberParseException)
            {
            }
        }

        return valid;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int WaCompliance_Parse_Validate_Jurisdiction()
    {
        var valid = 0;
        foreach (var input in _inputs)
        {
            var result = _parser.Parse(input);
            if (result.IsValid && result.Number.Jurisdiction.TimeZoneIds.Count > 0)
            {
                valid++;
            }
        }

        return valid;
    }
}
