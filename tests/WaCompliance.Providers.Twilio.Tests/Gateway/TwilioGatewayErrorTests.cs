using Microsoft.Extensions.Time.Testing;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;

namespace WaCompliance.Providers.Twilio.Tests.Gateway;

[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioGatewayErrorTests : IAsyncLifetime
{
    private readonly PrismFixture _prism;
    private TwilioStub _stub = null!;

    public TwilioGatewayErrorTests(PrismFixture prism)
    {
        _prism = prism;
    }

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(_prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Theory]
    [InlineData(429, 20429, ProviderErrorKind.RateLimited)]
    [InlineData(400, 63018, ProviderErrorKind.RateLimited)]
    [InlineData(400, 63003, ProviderErrorKind.RecipientInvalid)]
    [InlineData(400, 63024, ProviderErrorKind.RecipientInvalid)]
    [InlineData(400, 21211, ProviderErrorKind.RecipientInvalid)]
    [InlineData(400, 63016, ProviderErrorKind.OutsideWindow)]
    [InlineData(400, 63049, ProviderErrorKind.MarketingLimit)]
    [InlineData(400, 63032, ProviderErrorKind.MarketingLimit)]
    [InlineData(400, 63027, ProviderErrorKind.TemplateNotFound)]
    [InlineData(400, 63028, ProviderErrorKind.TemplateParameterMismatch)]
    [InlineData(400, 21656, ProviderErrorKind.TemplateParameterMismatch)]
    [InlineData(400, 63029, ProviderErrorKind.TemplateParameterMismatch)]
    [InlineData(401, 20003, ProviderErrorKind.AuthFailed)]
    [InlineData(400, 63001, ProviderErrorKind.AuthFailed)]
    [InlineData(403, 63013, ProviderErrorKind.AccountBlocked)]
    [InlineData(400, 21610, ProviderErrorKind.OptedOut)]
    [InlineData(400, 63005, ProviderErrorKind.InvalidRequest)]
    [InlineData(400, 63019, ProviderErrorKind.InvalidRequest)]
    [InlineData(400, 63021, ProviderErrorKind.InvalidRequest)]
    [InlineData(400, 63030, ProviderErrorKind.InvalidRequest)]
    [InlineData(400, 63012, ProviderErrorKind.Transient)]
    [InlineData(500, 20500, ProviderErrorKind.Transient)]
    [InlineData(503, 20503, ProviderErrorKind.Transient)]
    [InlineData(400, 21604, ProviderErrorKind.Unknown)]
    [InlineData(400, 63020, ProviderErrorKind.Unknown)]
    [InlineData(404, 20404, ProviderErrorKind.Unknown)]
    public async Task Twilio_error_code_is_mapped_and_kept(int status, int code, ProviderErrorKind kind)
    {
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(status, code, "Twilio says no"));
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.False(result.IsAccepted);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error.ProviderCode);
        Assert.Equal("Twilio says no", result.Error.Message);
        Assert.Equal(status, result.Error.HttpStatus);
        Assert.Null(result.ProviderMessageId);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Retry_After_seconds_are_honoured_on_429()
    {
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(429, 20429, "Too Many Requests", new Dictionary<string, string> { ["Retry-After"] = "7" }));
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Error.RetryAfter);
        Assert.True(result.Error.IsRetryable);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Retry_After_http_date_is_read_against_the_injected_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(503, 20503, "Service unavailable",
            new Dictionary<string, string> { ["Retry-After"] = "Wed, 01 Jul 2026 12:00:30 GMT" }));
        await using var services = TestHost.Build(_stub, time: time);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.Transient, result.Error!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Error.RetryAfter);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Error_without_a_Twilio_body_is_mapped_by_http_status()
    {
        _stub.MessageResponses.Enqueue(new StubResponse(502, "<html>Bad gateway</html>"));
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.Transient, result.Error!.Kind);
        Assert.Null(result.Error.ProviderCode);
        Assert.Equal(502, result.Error.HttpStatus);
    }

    [Fact]
    public async Task Rfc9457_problem_body_is_read()
    {
        _stub.MessageResponses.Enqueue(new StubResponse(400, """{"type":"https://www.twilio.com/docs/errors/63016","title":"Outside window","detail":"Message outside the allowed window","code":63016}"""));
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.OutsideWindow, result.Error!.Kind);
        Assert.Equal("63016", result.Error.ProviderCode);
        Assert.Equal("Message outside the allowed window", result.Error.Message);
    }

    [Fact]
    public async Task Phone_numbers_quoted_in_Twilio_messages_are_masked()
    {
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(400, 21211, "The 'To' number whatsapp:+64211234567 is not a valid phone number."));
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.RecipientInvalid, result.Error!.Kind);
        Assert.Equal("The 'To' number whatsapp:[number] is not a valid phone number.", result.Error.Message);
    }

    [Fact]
    public async Task Success_without_a_sid_is_refused_as_Unknown()
    {
        _stub.MessageResponses.Enqueue(new StubResponse(201, """{"status":"queued"}"""));
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.Unknown, result.Error!.Kind);
        Assert.Equal(201, result.Error.HttpStatus);
    }
}
