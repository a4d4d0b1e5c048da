using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Numbers;
using WaCompliance.Privacy;

namespace WaCompliance.Conformance;

/// <summary>What a store under test is built with: a controllable clock, a subject key provider and options.</summary>
public sealed class StoreTestContext
{
    /// <summary>The instant every conformance test starts at.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The pepper the conformance suite keys subjects with.</summary>
    public const string Pepper = "conformance-suite-pepper-0123456789abcdef";

    /// <summary>The clock; tests advance it.</summary>
    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The subject key provider.</summary>
    public ISubjectKeyProvider Keys { get; } = new HmacSubjectKeyProvider(Pepper);

    /// <summary>The options: business "Acme Ltd", default windows.</summary>
    public IOptions<WhatsAppComplianceOptions> Options { get; } =
        Microsoft.Extensions.Options.Options.Create(new WhatsAppComplianceOptions { BusinessName = "Acme Ltd", Pepper = Pepper });

    /// <summary>A distinct valid New Zealand mobile number for each index.</summary>
    /// <param name="index">0 to 8,999,999.</param>
    /// <returns>The number.</returns>
    public static WhatsAppNumber Person(int index) =>
        WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + index}"));

    /// <summary>A business sender number.</summary>
    /// <param name="index">0 to 9.</param>
    /// <returns>The number.</returns>
    public static WhatsAppNumber Business(int index = 0) =>
        WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+1415555010{index}"));
}
