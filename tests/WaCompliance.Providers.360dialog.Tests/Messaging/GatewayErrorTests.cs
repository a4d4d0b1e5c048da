using Microsoft.Extensions.Time.Testing;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;

namespace WaCompliance.Providers.Dialog360.Tests.Messaging;

public sealed class GatewayErrorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(TestServices.Now);
    private CloudApiStub _stub = null!;
    private IServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _stub = await CloudApiStub.StartAsync();
        _services = TestServices.Build(_stub.BaseUrl, clock: _clock);
    }

    public async Task DisposeAsync()
    {
        _stub.AssertNoViolations();
        await _stub.DisposeAsync();
    }

    private async Task<ProviderError> RefusedAsync(StubResponse response)
    {
        _stub.EnqueueMessageResponse(response);
        var result = await _services.Gateway().SendAsync(TestServices.Message(new TextContent("hello")));
        Assert.False(result.IsAccepted);
        Assert.Null(result.ProviderMessageId);
        return result.Error!;
    }

    private static string Graph(long code, string message, int httpStatus, string? details = null, bool transient = false) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            error = new
            {
                message,
                type = "OAuthException",
                code,
                error_data = new { messaging_product = "whatsapp", details = details ?? message },
                is_transient = transient,
                fbtrace_id = "AbCdEf123",
            },
        });

    public static TheoryData<long, int, ProviderErrorKind> GraphCodes => new()
    {
        { 131047, 400, ProviderErrorKind.OutsideWindow },
        { 131026, 400, ProviderErrorKind.RecipientInvalid },
        { 131030, 400, ProviderErrorKind.RecipientInvalid },
        { 131049, 400, ProviderErrorKind.MarketingLimit },
        { 130472, 400, ProviderErrorKind.MarketingLimit },
        { 131050, 400, ProviderErrorKind.OptedOut },
        { 131062, 400, ProviderErrorKind.UserIdNotSupported },
        { 131048, 400, ProviderErrorKind.SpamQuality },
        { 130429, 429, ProviderErrorKind.RateLimited },
        { 131056, 400, ProviderErrorKind.RateLimited },
        { 4, 400, ProviderErrorKind.RateLimited },
        { 80007, 400, ProviderErrorKind.RateLimited },
        { 132000, 400, ProviderErrorKind.TemplateParameterMismatch },
        { 132005, 400, ProviderErrorKind.TemplateParameterMismatch },
        { 132007, 400, ProviderErrorKind.TemplateParameterMismatch },
        { 132012, 400, ProviderErrorKind.TemplateParameterMismatch },
        { 132001, 404, ProviderErrorKind.TemplateNotFound },
        { 132015, 400, ProviderErrorKind.TemplatePaused },
        { 132016, 400, ProviderErrorKind.TemplateDisabled },
        { 131042, 400, ProviderErrorKind.Billing },
        { 368, 403, ProviderErrorKind.AccountBlocked },
        { 131031, 403, ProviderErrorKind.AccountBlocked },
        { 0, 401, ProviderErrorKind.AuthFailed },
        { 190, 401, ProviderErrorKind.AuthFailed },
        { 3, 403, ProviderErrorKind.AuthFailed },
        { 10, 403, ProviderErrorKind.AuthFailed },
        { 200, 403, ProviderErrorKind.AuthFailed },
        { 299, 403, ProviderErrorKind.AuthFailed },
        { 131000, 500, ProviderErrorKind.Transient },
        { 1, 500, ProviderErrorKind.Transient },
        { 2, 503, ProviderErrorKind.Transient },
        { 131016, 503, ProviderErrorKind.Transient },
        { 131008, 400, ProviderErrorKind.InvalidRequest },
        { 131009, 400, ProviderErrorKind.InvalidRequest },
        { 131051, 400, ProviderErrorKind.InvalidRequest },
        { 131052, 400, ProviderErrorKind.InvalidRequest },
        { 131053, 400, ProviderErrorKind.InvalidRequest },
    };

    [Theory]
    [MemberData(nameof(GraphCodes))]
    public async Task Each_documented_Graph_error_code_maps_to_its_kind_keeping_code_message_and_status(long code, int status, ProviderErrorKind kind)
    {
        var error = await RefusedAsync(new StubResponse(status, Graph(code, $"(#{code}) Something about it", status)));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.ProviderCode);
        Assert.Equal(status, error.HttpStatus);
        Assert.Contains($"(#{code})", error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task Code_100_about_the_recipient_is_RecipientInvalid()
    {
        var error = await RefusedAsync(new StubResponse(400, Graph(100, "(#100) Invalid parameter", 400, "Invalid 'to' parameter")));

        Assert.Equal(ProviderErrorKind.RecipientInvalid, error.Kind);
        Assert.Equal("100", error.ProviderCode);
        Assert.Contains("Invalid 'to' parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Graph_error_quoting_the_recipients_number_and_user_id_keeps_its_code_with_them_masked()
    {
        // The message is stored with the send record: the person's number must not be in it.
        var error = await RefusedAsync(new StubResponse(400, Graph(131026, "(#131026) Message undeliverable", 400,
            "Recipient +55 11 98765-4321 (wa_id 5511987654321, user BR.7712093455123009) is not a WhatsApp user")));

        Assert.Equal(ProviderErrorKind.RecipientInvalid, error.Kind);
        Assert.Equal("(#131026) Message undeliverable: Recipient [number] (wa_id [number], user [user-id]) is not a WhatsApp user", error.Message);
    }

    [Theory]
    [InlineData("""{"meta":{"http_code":400,"developer_message":"Number 5511987654321 is not valid"}}""")]
    [InlineData("""{"errors":[{"code":1006,"title":"Resource not found","details":"Contact +5511987654321 not found"}]}""")]
    [InlineData("""{"message":"Could not send message to 5511987654321"}""")]
    public async Task A_360dialog_error_quoting_the_recipients_number_keeps_it_masked(string body)
    {
        var error = await RefusedAsync(new StubResponse(400, body));

        Assert.DoesNotContain("987654321", error.Message, StringComparison.Ordinal);
        Assert.Contains("[number]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_100_about_another_parameter_is_InvalidRequest_so_a_good_number_is_not_marked_bad()
    {
        var error = await RefusedAsync(new StubResponse(400, Graph(100, "(#100) Invalid parameter", 400, "Param template['name'] is not valid")));

        Assert.Equal(ProviderErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("100", error.ProviderCode);
    }

    [Fact]
    public async Task An_unlisted_code_is_Unknown_and_keeps_its_code()
    {
        var error = await RefusedAsync(new StubResponse(400, Graph(135000, "(#135000) Generic user error", 400)));

        Assert.Equal(ProviderErrorKind.Unknown, error.Kind);
        Assert.Equal("135000", error.ProviderCode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task An_unlisted_code_marked_is_transient_is_Transient()
    {
        var error = await RefusedAsync(new StubResponse(400, Graph(135001, "(#135001) Try again", 400, transient: true)));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal("135001", error.ProviderCode);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task A_Graph_rate_limit_honours_Retry_After_seconds()
    {
        var error = await RefusedAsync(new StubResponse(429, Graph(130429, "(#130429) Rate limit hit", 429), RetryAfter: "17"));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(17), error.RetryAfter);
    }

    [Fact]
    public async Task A_Retry_After_date_becomes_the_delay_from_now()
    {
        var until = TestServices.Now.AddMinutes(2).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        var error = await RefusedAsync(new StubResponse(429, Graph(130429, "(#130429) Rate limit hit", 429), RetryAfter: until));

        Assert.Equal(TimeSpan.FromMinutes(2), error.RetryAfter);
    }

    [Fact]
    public async Task The_360dialog_rate_limit_arrives_as_HTTP_400_and_is_RateLimited_with_its_Retry_After()
    {
        var error = await RefusedAsync(new StubResponse(400,
            """{"meta":{"success":false,"http_code":400,"developer_message":"You have exceeded the endpoint rate limit."}}""", RetryAfter: "30"));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Null(error.ProviderCode);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task The_360dialog_rate_limit_without_Retry_After_is_still_RateLimited()
    {
        var error = await RefusedAsync(new StubResponse(400, """{"meta":{"success":false,"http_code":400,"developer_message":"You have exceeded the endpoint rate limit."}}"""));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task The_360dialog_invalid_api_key_is_AuthFailed()
    {
        var error = await RefusedAsync(new StubResponse(401, """{"meta":{"success":false,"http_code":401,"developer_message":"Invalid api_key"}}"""));

        Assert.Equal(ProviderErrorKind.AuthFailed, error.Kind);
        Assert.Equal(401, error.HttpStatus);
        Assert.Equal("Invalid api_key", error.Message);
    }

    [Fact]
    public async Task The_360dialog_lack_of_payment_is_Billing()
    {
        var error = await RefusedAsync(new StubResponse(400,
            """{"meta":{"success":false,"http_code":400,"developer_message":"Could not send message due to lack of payment. Messaging can resume once overdue invoices towards 360dialog are settled."}}"""));

        Assert.Equal(ProviderErrorKind.Billing, error.Kind);
    }

    [Fact]
    public async Task The_360dialog_disabled_API_is_AccountBlocked()
    {
        var error = await RefusedAsync(new StubResponse(400, """{"meta":{"success":false,"http_code":400,"developer_message":"Your WhatsApp for Business API has been disabled"}}"""));

        Assert.Equal(ProviderErrorKind.AccountBlocked, error.Kind);
    }

    [Fact]
    public async Task The_360dialog_blocked_endpoint_is_AccountBlocked()
    {
        var error = await RefusedAsync(new StubResponse(403, """{"meta":{"success":false,"http_code":403,"developer_message":"The endpoint is blocked"}}"""));

        Assert.Equal(ProviderErrorKind.AccountBlocked, error.Kind);
    }

    [Theory]
    [InlineData(500, """{"meta":{"success":false,"http_code":500,"developer_message":"Internal server error"}}""", "application/json")]
    [InlineData(502, "<html><body>Bad gateway</body></html>", "text/html")]
    [InlineData(503, "", "text/plain")]
    public async Task Server_errors_are_Transient_whatever_the_body_and_an_unknown_outcome_never_retried(int status, string body, string contentType)
    {
        var error = await RefusedAsync(new StubResponse(status, body, ContentType: contentType));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(status, error.HttpStatus);
        Assert.True(error.IsOutcomeUnknown);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task A_bare_429_is_RateLimited()
    {
        var error = await RefusedAsync(new StubResponse(429, "", RetryAfter: "5", ContentType: "text/plain"));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
    }

    [Fact]
    public async Task The_older_errors_array_shape_is_read_too()
    {
        var error = await RefusedAsync(new StubResponse(400, """{"errors":[{"code":131047,"title":"Re-engagement message","details":"More than 24 hours have passed"}],"meta":{"api_status":"stable"}}"""));

        Assert.Equal(ProviderErrorKind.OutsideWindow, error.Kind);
        Assert.Equal("131047", error.ProviderCode);
        Assert.Contains("More than 24 hours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_without_a_message_id_is_refused_as_Unknown()
    {
        var error = await RefusedAsync(new StubResponse(200, """{"messaging_product":"whatsapp","contacts":[],"messages":[]}"""));

        Assert.Equal(ProviderErrorKind.Unknown, error.Kind);
        Assert.Equal(200, error.HttpStatus);
    }

    [Fact]
    public async Task No_secret_or_number_appears_in_an_error()
    {
        var error = await RefusedAsync(new StubResponse(401, """{"meta":{"success":false,"http_code":401,"developer_message":"Invalid api_key"}}"""));

        Assert.DoesNotContain(CloudApiStub.ApiKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("64211234567", error.Message, StringComparison.Ordinal);
    }
}
