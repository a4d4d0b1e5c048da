using WaCompliance.Numbers;
using WaCompliance.Privacy;

namespace WaCompliance.Tests.Privacy;

public sealed class SubjectKeyTests
{
    private static readonly WhatsAppNumber s_number = WhatsAppNumber.Parse("+64 21 123 4567");

    [Fact]
    public void GetKey_SameNumberAndPepper_IsStableAndHexOf64()
    {
        var keys = new HmacSubjectKeyProvider("pepper-one-0123456789abcdef0123456789");

        var a = keys.GetKey(s_number);
        var b = keys.GetKey(WhatsAppNumber.Parse("whatsapp:+64211234567"));

        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a.Value);
        Assert.DoesNotContain("211234567", a.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void GetKey_OtherPepper_GivesAnotherKey()
    {
        var a = new HmacSubjectKeyProvider("pepper-one-0123456789abcdef0123456789").GetKey(s_number);
        var b = new HmacSubjectKeyProvider("pepper-two-0123456789abcdef0123456789").GetKey(s_number);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Provider_ShortPepper_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new HmacSubjectKeyProvider("too-short"));
    }

    [Fact]
    public void ShortForm_IsPrefixAndTwelveHex()
    {
        var key = new HmacSubjectKeyProvider("pepper-one-0123456789abcdef0123456789").GetKey(s_number);

        Assert.Equal("sk:" + key.Value[..12], key.ToShortString());
        Assert.Equal(key.ToShortString(), key.ToString());
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("0123")]
    public void Parse_Malformed_Throws(string value)
    {
        Assert.Throws<FormatException>(() => SubjectKey.Parse(value));
    }

    [Fact]
    public void Redactor_ReplacesANumberWithItsShortKey()
    {
        var keys = new HmacSubjectKeyProvider("pepper-one-0123456789abcdef0123456789");
        var redactor = new PhoneNumberRedactor(keys);

        var redacted = redactor.Redact("+64 21 123 4567");

        Assert.Equal(keys.GetKey(s_number).ToShortString(), redacted);
        Assert.Equal("sk:unparseable-", redactor.Redact("not a number"));
    }
}
