using WaCompliance.Numbers;

namespace WaCompliance.Tests.Numbers;

public sealed class WhatsAppNumberFormsTests
{
    private static WhatsAppNumber Reported(string digits) => WhatsAppNumberParser.Default.ParseReported(digits).Number;

    [Fact]
    public void Brazil_TwelveAndThirteenDigitMobileForms_AreOnePerson()
    {
        var old = Reported("551187654321");
        var current = Reported("5511987654321");

        Assert.Equal([current], WhatsAppNumberForms.Alternates(old));
        Assert.Equal([old], WhatsAppNumberForms.Alternates(current));
        Assert.Equal(current, WhatsAppNumberForms.ComparisonForm(old));
        Assert.True(WhatsAppNumberForms.AreSamePerson(old, current));
    }

    [Fact]
    public void Brazil_ALandline_HasNoOtherForm()
    {
        var landline = Reported("551133334444");

        Assert.Empty(WhatsAppNumberForms.Alternates(landline));
        Assert.Equal(landline, WhatsAppNumberForms.ComparisonForm(landline));
    }

    [Fact]
    public void Mexico_The521FormIsReadAsThe52Form()
    {
        var withOne = Reported("5215512345678");
        var without = Reported("525512345678");

        Assert.True(WhatsAppNumberForms.AreSamePerson(withOne, without));
        Assert.Equal(without, WhatsAppNumberForms.ComparisonForm(withOne));
    }

    [Fact]
    public void Argentina_549And54Forms_AreOnePerson()
    {
        var mobile = Reported("5491112345678");
        var crm = Reported("541112345678");

        Assert.Contains(crm, WhatsAppNumberForms.Alternates(mobile));
        Assert.Contains(mobile, WhatsAppNumberForms.Alternates(crm));
        Assert.Equal(mobile, WhatsAppNumberForms.ComparisonForm(crm));
    }

    [Fact]
    public void OtherCountries_HaveNoOtherForm()
    {
        Assert.Empty(WhatsAppNumberForms.Alternates(WhatsAppNumber.Parse("+64211234567")));
        Assert.Empty(WhatsAppNumberForms.Alternates(WhatsAppNumber.Parse("+447400123456")));
    }
}
