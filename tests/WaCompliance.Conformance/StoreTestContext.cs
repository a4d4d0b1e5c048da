using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Identities;
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

    /// <summary>The kinds of identifier, other than a mobile number, every store must keep and read back.</summary>
    public static readonly string[] IdentifierKinds = ["user_id", "parent_user_id", "fixed_line", "toll_free", "unknown_to_metadata"];

    /// <summary>The kinds of business number, other than a mobile one, every store must keep and read back as a sender.</summary>
    public static readonly string[] BusinessNumberKinds = ["fixed_line", "toll_free", "unknown_to_metadata"];

    /// <summary><see cref="IdentifierKinds"/> as theory data.</summary>
    public static TheoryData<string> IdentifierKindData => new(IdentifierKinds);

    /// <summary><see cref="BusinessNumberKinds"/> as theory data.</summary>
    public static TheoryData<string> BusinessNumberKindData => new(BusinessNumberKinds);

    /// <summary>A distinct business-scoped user ID for each index, e.g. <c>BR.7712093455123009</c>.</summary>
    /// <param name="index">0 or more.</param>
    /// <returns>The id.</returns>
    public static BusinessScopedUserId UserId(int index = 0) =>
        BusinessScopedUserId.Parse(string.Create(CultureInfo.InvariantCulture, $"BR.{7_712_093_455_123_009L + index}"));

    /// <summary>A distinct parent business-scoped user ID for each index, e.g. <c>BR.ENT.5531200098871234</c>.</summary>
    /// <param name="index">0 or more.</param>
    /// <returns>The id.</returns>
    public static BusinessScopedUserId ParentUserId(int index = 0) =>
        BusinessScopedUserId.Parse(string.Create(CultureInfo.InvariantCulture, $"BR.ENT.{5_531_200_098_871_234L + index}"));

    /// <summary>A number as WhatsApp reports it: any line type, or unknown to libphonenumber's metadata.</summary>
    /// <param name="e164">The number.</param>
    /// <returns>The number.</returns>
    public static WhatsAppNumber Reported(string e164)
    {
        var result = WhatsAppNumberParser.Default.ParseReported(e164);
        return result.IsValid ? result.Number : throw new ArgumentException($"Not a reported number: {result}", nameof(e164));
    }

    /// <summary>A number of a kind in <see cref="BusinessNumberKinds"/>.</summary>
    /// <param name="kind"><c>fixed_line</c> (+64 9 Auckland), <c>toll_free</c> (+1 800) or <c>unknown_to_metadata</c> (a pre-2016 Brazilian mobile).</param>
    /// <returns>The number.</returns>
    public static WhatsAppNumber NumberOfKind(string kind) => kind switch
    {
        "fixed_line" => Reported("+6493001234"),
        "toll_free" => Reported("+18005550199"),
        "unknown_to_metadata" => Reported("+551187654321"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a number kind."),
    };

    /// <summary>An identifier of a kind in <see cref="IdentifierKinds"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The identifier.</returns>
    public static WhatsAppIdentifier Identifier(string kind) => kind switch
    {
        "user_id" => UserId(),
        "parent_user_id" => ParentUserId(),
        _ => NumberOfKind(kind),
    };

    /// <summary>A business sender number.</summary>
    /// <param name="index">0 to 9.</param>
    /// <returns>The number.</returns>
    public static WhatsAppNumber Business(int index = 0) =>
        WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+1415555010{index}"));
}
