using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterAuthenticationTests
{
    [Fact]
    public void Lint_AuthenticationWithoutOtpButton_ReportsAuthOtpButtonCount()
    {
        var issue = LintAssert.Reports(TemplateSamples.Authentication() with { Buttons = [] }, TemplateLintCodes.AuthOtpButtonCount);

        Assert.Equal("buttons", issue.Component);
        Assert.Contains("has 0", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_AuthenticationWithTwoOtpButtons_ReportsAuthOtpButtonCount()
    {
        var template = TemplateSamples.Authentication() with { Buttons = [TemplateSamples.Otp(), TemplateSamples.Otp(OtpButtonType.OneTap)] };

        LintAssert.Reports(template, TemplateLintCodes.AuthOtpButtonCount);
    }

    [Theory]
    [InlineData(OtpButtonType.CopyCode)]
    [InlineData(OtpButtonType.OneTap)]
    [InlineData(OtpButtonType.ZeroTap)]
    public void Lint_AuthenticationWithOneOtpButtonOfAnyKind_Passes(OtpButtonType type)
    {
        LintAssert.Clean(TemplateSamples.Authentication() with { Buttons = [TemplateSamples.Otp(type)] });
    }

    [Fact]
    public void Lint_AuthenticationWithUrlButton_ReportsAuthUrlButton()
    {
        var template = TemplateSamples.Authentication() with { Buttons = [TemplateSamples.Otp(), TemplateSamples.Url()] };

        var issue = LintAssert.Reports(template, TemplateLintCodes.AuthUrlButton);
        Assert.Equal("buttons[1]", issue.Component);
    }

    [Theory]
    [InlineData(TemplateHeaderFormat.Image)]
    [InlineData(TemplateHeaderFormat.Document)]
    public void Lint_AuthenticationWithMediaHeader_ReportsAuthMediaHeader(TemplateHeaderFormat format)
    {
        var template = TemplateSamples.Authentication() with { Header = new TemplateHeader(format) { Example = "4::aW1hZ2U=" } };

        LintAssert.Reports(template, TemplateLintCodes.AuthMediaHeader);
    }

    [Fact]
    public void Lint_AuthenticationWithEmojiInBody_ReportsAuthBodyEmoji()
    {
        var template = TemplateSamples.Authentication() with { Body = "{{1}} is your verification code 🔐." };

        LintAssert.Reports(template, TemplateLintCodes.AuthBodyEmoji);
    }

    [Fact]
    public void Lint_EmojiInNonAuthenticationBody_IsAllowed()
    {
        LintAssert.Clean(TemplateSamples.Minimal() with { Body = "Your order has shipped 🎉 and is on its way." });
    }

    [Theory]
    [InlineData("{{1}} is your verification code. Visit https://example.com to sign in.")]
    [InlineData("{{1}} is your verification code. Sign in at www.example.com today.")]
    [InlineData("{{1}} is your verification code. Sign in at bit.ly/abc today.")]
    public void Lint_AuthenticationWithUrlInBody_ReportsAuthBodyUrl(string body)
    {
        LintAssert.Reports(TemplateSamples.Authentication() with { Body = body }, TemplateLintCodes.AuthBodyUrl);
    }

    [Theory]
    [InlineData("Your verification code is ready.")]
    [InlineData("{{1}} is your verification code for {{2}}.")]
    public void Lint_AuthenticationBodyWithoutExactlyOneVariable_ReportsAuthBodyVariableCount(string body)
    {
        var template = TemplateSamples.Authentication() with { Body = body, BodyExamples = TemplateSamples.ExamplesFor(body) };

        LintAssert.Reports(template, TemplateLintCodes.AuthBodyVariableCount);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-5, true)]
    [InlineData(1, false)]
    [InlineData(90, false)]
    [InlineData(91, true)]
    [InlineData(null, false)]
    public void Lint_AuthenticationCodeExpiration_ReportsOutOfRangeOutside1To90(int? minutes, bool expected)
    {
        var template = TemplateSamples.Authentication() with { CodeExpirationMinutes = minutes };

        LintAssert.ReportsIf(expected, template, TemplateLintCodes.AuthCodeExpirationOutOfRange);
    }

    [Fact]
    public void Lint_AuthenticationBodyStartingWithCode_IsNotADanglingVariable()
    {
        LintAssert.DoesNotReport(TemplateSamples.Authentication(), TemplateLintCodes.BodyVariableAtStart);
    }

    [Fact]
    public void Lint_UtilityBodyStartingWithVariable_IsADanglingVariable()
    {
        var template = TemplateSamples.Authentication() with { Category = TemplateCategory.Utility, Buttons = [] };

        LintAssert.Reports(template, TemplateLintCodes.BodyVariableAtStart);
    }
}
