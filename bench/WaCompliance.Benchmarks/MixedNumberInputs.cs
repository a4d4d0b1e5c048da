using System.Globalization;

namespace WaCompliance.Benchmarks;

/// <summary>
/// A fixed, reproducible mix of what contact lists really hold: mobiles of several countries written in different
/// ways, US numbers, landlines, toll-free numbers, invalid and garbage entries.
/// </summary>
internal static class MixedNumberInputs
{
    public const string DefaultRegion = "NZ";

    public static string[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var inputs = new string[count];
        for (var i = 0; i < count; i++)
        {
            var n = random.Next(1_000_000, 9_999_999);
            var four = n % 10_000;
            var three = n / 10_000 % 1_000;
            inputs[i] = (i % 20) switch
            {
                0 or 1 or 2 => string.Create(CultureInfo.InvariantCulture, $"021 {three:000} {four:0000}"),
                3 => string.Create(CultureInfo.InvariantCulture, $"+64 21-{three:000}-{four:0000}"),
                4 => string.Create(CultureInfo.InvariantCulture, $"whatsapp:+6422{n}"),
                5 => string.Create(CultureInfo.InvariantCulture, $"0064 27 {three:000} {four:0000}"),
                6 or 7 => string.Create(CultureInfo.InvariantCulture, $"+1 ({random.Next(201, 990)}) {random.Next(200, 999)}-{four:0000}"),
                8 => string.Create(CultureInfo.InvariantCulture, $"+44 7{random.Next(400, 999)} {n % 1_000_000:000000}"),
                9 => string.Create(CultureInfo.InvariantCulture, $"+49 151 {n}{four % 10}"),
                10 => string.Create(CultureInfo.InvariantCulture, $"+55 11 9{n / 1000:0000} {four:0000}"),
                11 => string.Create(CultureInfo.InvariantCulture, $"+61 4{three:00} {four:000} {n % 1000:000}"),
                12 => string.Create(CultureInfo.InvariantCulture, $"+91 9{n / 10:000000} {four:0000}"),
                13 => string.Create(CultureInfo.InvariantCulture, $"+33 6 {n % 100:00} {three % 100:00} {four % 100:00} {four / 100:00}"),
                14 => string.Create(CultureInfo.InvariantCulture, $"09 {three:000} {four:0000}"),
                15 => "0800 838 383",
                16 => string.Create(CultureInfo.InvariantCulture, $"+44 7700 900{four % 1000:000}"),
                17 => string.Create(CultureInfo.InvariantCulture, $"+64 2{four % 10}"),
                18 => string.Create(CultureInfo.InvariantCulture, $"+1 212 555 {four:0000}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"(021) {three:000}.{four:0000}"),
            };
        }

        return inputs;
    }
}
