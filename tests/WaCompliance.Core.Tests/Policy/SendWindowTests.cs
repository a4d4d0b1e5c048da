using WaCompliance.Policy;

namespace WaCompliance.Tests.Policy;

public sealed class SendWindowTests
{
    [Theory]
    [InlineData("08:00-21:00", "08:00-21:00")]
    [InlineData("Mon-Sat 09:00-21:00; Sun 12:00-21:00", "Mon-Sat 09:00-21:00; Sun 12:00-21:00")]
    [InlineData("Mon-Fri 09:00-18:00; Sat 10:00-17:00", "Mon-Fri 09:00-18:00; Sat 10:00-17:00")]
    [InlineData("sat-sun 10:00-24:00", "Sat-Sun 10:00-24:00")]
    public void Parse_ThenToString_GivesTheCanonicalForm(string specification, string canonical)
    {
        Assert.Equal(canonical, SendWindow.Parse(specification).ToString());
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("8-21", "HH:mm-HH:mm")]
    [InlineData("21:00-08:00", "end after it starts")]
    [InlineData("Funday 08:00-21:00", "'Funday' is not a day")]
    [InlineData("Mon 08:00-21:00; Mon 09:00-10:00", "repeats Mon")]
    [InlineData("Mon 08:00 21:00 x", "<days> HH:mm-HH:mm")]
    public void Parse_Malformed_SaysWhatIsWrong(string specification, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SendWindow.Parse(specification));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intersect_TakesTheLaterStartAndEarlierEndPerDay()
    {
        var federal = SendWindow.Parse("08:00-21:00");
        var texas = SendWindow.Parse("Mon-Sat 09:00-21:00; Sun 12:00-21:00");

        Assert.Equal("Mon-Sat 09:00-21:00; Sun 12:00-21:00", federal.Intersect(texas).ToString());
        Assert.Equal("never", SendWindow.Parse("Mon 08:00-10:00").Intersect(SendWindow.Parse("Mon 11:00-12:00")).ToString());
    }

    [Fact]
    public void Contains_StartIsInsideEndIsOutside()
    {
        var window = SendWindow.Parse("08:00-21:00");

        Assert.True(window.Contains(new DateTime(2026, 11, 2, 8, 0, 0)));
        Assert.True(window.Contains(new DateTime(2026, 11, 2, 20, 59, 59)));
        Assert.False(window.Contains(new DateTime(2026, 11, 2, 21, 0, 0)));
        Assert.False(window.Contains(new DateTime(2026, 11, 2, 7, 59, 59)));
    }
}
