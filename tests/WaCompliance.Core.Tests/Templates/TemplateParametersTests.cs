using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateParametersTests
{
    [Fact]
    public void Positional_CopiesTheValues()
    {
        string[] values = ["a", "b"];

        var parameters = TemplateParameters.Positional(values);
        values[0] = "changed";

        Assert.Equal(TemplateParameterFormat.Positional, parameters.Format);
        Assert.Equal(["a", "b"], parameters.PositionalValues);
        Assert.Empty(parameters.NamedValues);
    }

    [Fact]
    public void Named_CopiesTheValues()
    {
        var values = new Dictionary<string, string> { ["first_name"] = "Alex" };

        var parameters = TemplateParameters.Named(values);
        values["first_name"] = "changed";

        Assert.Equal(TemplateParameterFormat.Named, parameters.Format);
        Assert.Equal("Alex", parameters.NamedValues["first_name"]);
        Assert.Empty(parameters.PositionalValues);
    }

    [Fact]
    public void WithHeaderTextAndButtonValues_ReturnCopiesKeepingTheOtherValues()
    {
        var original = TemplateParameters.Positional("a");

        var updated = original.WithButtonValues(null, "code").WithHeaderText("head");

        Assert.Null(original.HeaderText);
        Assert.Empty(original.ButtonValues);
        Assert.Equal("head", updated.HeaderText);
        Assert.Equal([null, "code"], updated.ButtonValues);
        Assert.Equal(["a"], updated.PositionalValues);
    }

    [Fact]
    public void ToString_DoesNotRevealTheValues()
    {
        var parameters = TemplateParameters.Positional("SECRET-42").WithHeaderText("SECRET-43");

        Assert.DoesNotContain("SECRET", parameters.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Factories_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TemplateParameters.Positional(null!));
        Assert.Throws<ArgumentNullException>(() => TemplateParameters.Named(null!));
        Assert.Throws<ArgumentNullException>(() => TemplateParameters.Positional().WithButtonValues(null!));
    }
}
