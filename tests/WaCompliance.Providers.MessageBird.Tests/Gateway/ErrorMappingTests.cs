using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;

namespace WaCompliance.Providers.MessageBird.Tests.Gateway;

/// <summary>Every error code of providers.md §5 and §8.3 for Bird and MessageBird, answered by the stub over HTTP.</summary>
public sealed class ErrorMappingTests : IAsyncLifetime
{
    private BirdStub _stub = null!;

    public async Task InitializeAsync() => _stub = await BirdStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    public static TheoryData<int, string, ProviderErrorKind, string?> BirdErrors => new()
    {
        // Bird envelope {"error":{type, code, name, message}} (providers.md §5c).
        { 422, """{"error":{"type":"validation_error","code":"E01010","name":"WhatsAppInvalidRecipient","message":"Recipient is not a WhatsApp user.","request_id":"req_1"}}""", ProviderErrorKind.RecipientInvalid, "WhatsAppInvalidRecipient" },
        { 422, """{"error":{"type":"validation_error","code":"E01011","name":"WhatsAppTemplateParameterMismatch","message":"Expected 2 parameters.","request_id":"req_2"}}""", ProviderErrorKind.TemplateParameterMismatch, "WhatsAppTemplateParameterMismatch" },
        { 401, """{"error":{"type":"auth_error","code":"E00001","name":"AuthenticationFailed","message":"Key revoked."}}""", ProviderErrorKind.AuthFailed, "auth_error" },
        { 403, """{"error":{"type":"permission_error","code":"E00003","name":"PermissionDenied","message":"Key lacks scope."}}""", ProviderErrorKind.AuthFailed, "permission_error" },
        { 402, """{"error":{"type":"billing_error","code":"E03001","name":"BillingError","message":"Payment required."}}""", ProviderErrorKind.Billing, "billing_error" },
        { 500, """{"error":{"type":"internal_error","code":"E09001","name":"InternalError","message":"Oops."}}""", ProviderErrorKind.Transient, "internal_error" },
        { 503, """{"error":{"type":"service_unavailable_error","code":"E09002","name":"ServiceUnavailable","message":"Try later."}}""", ProviderErrorKind.Transient, "service_unavailable_error" },
        { 400, """{"error":{"type":"bad_request_error","code":"E01000","name":"BadRequest","message":"Bad JSON."}}""", ProviderErrorKind.InvalidRequest, "bad_request_error" },
        { 422, """{"error":{"type":"validation_error","code":"E01001","name":"ValidationError","message":"Request validation failed.","details":[{"param":"template","message":"unknown"}]}}""", ProviderErrorKind.InvalidRequest, "validation_error" },

        // Message-level codes (last_error.code) in a flat error object.
        { 400, """{"code":"service_window_expired","description":"The 24-hour window is closed."}""", ProviderErrorKind.OutsideWindow, "service_window_expired" },
        { 422, """{"code":"recipient_suppressed","description":"The recipient is on the suppression list."}""", ProviderErrorKind.OptedOut, "recipient_suppressed" },
        { 422, """{"code":"undeliverable","description":"Undeliverable."}""", ProviderErrorKind.RecipientInvalid, "undeliverable" },
        { 402, """{"code":"insufficient_balance","description":"Top up."}""", ProviderErrorKind.Billing, "insufficient_balance" },
        { 500, """{"code":"internal_error","description":"Retry."}""", ProviderErrorKind.Transient, "internal_error" },
        { 422, """{"code":"price_not_found","description":"No price for the destination."}""", ProviderErrorKind.InvalidRequest, "price_not_found" },

        // An embedded Meta code wins, through the Meta table (providers.md §3.2, §8.3).
        { 422, """{"code":"undeliverable","description":"Not delivered.","meta_error_code":131026}""", ProviderErrorKind.RecipientInvalid, "131026" },
        { 422, """{"code":"undeliverable","description":"Healthy ecosystem.","meta_error_code":131049}""", ProviderErrorKind.MarketingLimit, "131049" },
        { 422, """{"code":"undeliverable","description":"Experiment.","meta_error_code":130472}""", ProviderErrorKind.MarketingLimit, "130472" },
        { 422, """{"code":"undeliverable","description":"Stopped marketing.","meta_error_code":131050}""", ProviderErrorKind.OptedOut, "131050" },
        { 400, """{"code":"service_window_expired","description":"Re-engagement.","meta_error_code":"131047"}""", ProviderErrorKind.OutsideWindow, "131047" },
        { 422, """{"error":{"type":"validation_error","code":"E01020","name":"TemplateError","message":"No such template.","meta_error_code":132001}}""", ProviderErrorKind.TemplateNotFound, "132001" },
        { 422, """{"error":{"type":"validation_error","code":"E01021","name":"TemplateError","message":"Paused.","meta_error_code":132015}}""", ProviderErrorKind.TemplatePaused, "132015" },
        { 422, """{"error":{"type":"validation_error","code":"E01022","name":"TemplateError","message":"Disabled.","meta_error_code":132016}}""", ProviderErrorKind.TemplateDisabled, "132016" },
        { 422, """{"error":{"type":"validation_error","code":"E01023","name":"TemplateError","message":"Mismatch.","vendor_code":"132000"}}""", ProviderErrorKind.TemplateParameterMismatch, "132000" },
        { 400, """{"code":"undeliverable","description":"Spam.","meta_error_code":131048}""", ProviderErrorKind.SpamQuality, "131048" },
        { 403, """{"code":"undeliverable","description":"Blocked.","meta_error_code":368}""", ProviderErrorKind.AccountBlocked, "368" },
        { 400, """{"code":"undeliverable","description":"Payment.","meta_error_code":131042}""", ProviderErrorKind.Billing, "131042" },
        { 400, """{"code":"rate_limited","description":"Pair rate.","meta_error_code":131056}""", ProviderErrorKind.RateLimited, "131056" },
        { 503, """{"code":"internal_error","description":"Meta down.","meta_error_code":131000}""", ProviderErrorKind.Transient, "131000" },

        // Legacy MessageBird REST errors {"errors":[{code, description, parameter}]}.
        { 401, """{"errors":[{"code":2,"description":"Request not allowed (incorrect access_key)","parameter":"access_key"}]}""", ProviderErrorKind.AuthFailed, "2" },
        { 422, """{"errors":[{"code":9,"description":"no (correct) recipients found","parameter":"to"}]}""", ProviderErrorKind.InvalidRequest, "9" },
        { 422, """{"errors":[{"code":10,"description":"invalid parameter","parameter":"type"}]}""", ProviderErrorKind.InvalidRequest, "10" },
        { 404, """{"errors":[{"code":20,"description":"channel not found","parameter":null}]}""", ProviderErrorKind.InvalidRequest, "20" },
        { 400, """{"errors":[{"code":21,"description":"bad request","parameter":null}]}""", ProviderErrorKind.InvalidRequest, "21" },
        { 402, """{"errors":[{"code":25,"description":"Not enough balance","parameter":null}]}""", ProviderErrorKind.Billing, "25" },
        { 404, """{"errors":[{"code":98,"description":"API not found","parameter":null}]}""", ProviderErrorKind.InvalidRequest, "98" },
        { 500, """{"errors":[{"code":99,"description":"Internal error","parameter":null}]}""", ProviderErrorKind.Transient, "99" },

        // No usable body: the HTTP status decides.
        { 502, "<html>Bad gateway</html>", ProviderErrorKind.Transient, null },
        { 500, "", ProviderErrorKind.Transient, null },
        { 401, "", ProviderErrorKind.AuthFailed, null },
        { 404, """{"something":"else"}""", ProviderErrorKind.InvalidRequest, null },
    };

    [Theory]
    [MemberData(nameof(BirdErrors))]
    public async Task Channels_error_responses_are_refusals_with_the_common_kind_and_the_provider_code(int status, string body, ProviderErrorKind kind, string? code)
    {
        using var registration = TestRegistration.Channels(_stub);
        _stub.Respond(status, body);

        var result = await registration.Gateway.SendAsync(Messages.To(new TextContent("hi")));

        Assert.Empty(_stub.Violations);
        Assert.False(result.IsAccepted);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code, result.Error.ProviderCode);
        Assert.Equal(status, result.Error.HttpStatus);
        Assert.Null(result.Error.RetryAfter);
    }

    [Theory]
    [MemberData(nameof(BirdErrors))]
    public async Task Conversations_error_responses_map_the_same_way(int status, string body, ProviderErrorKind kind, string? code)
    {
        using var registration = TestRegistration.Legacy(_stub);
        _stub.Respond(status, body);

        var result = await registration.Gateway.SendAsync(Messages.To(new TextContent("hi")));

        Assert.Empty(_stub.Violations);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code, result.Error.ProviderCode);
    }

    [Theory]
    [InlineData("""{"error":{"type":"validation_error","code":"E01010","name":"WhatsAppInvalidRecipient","message":"Receiver +5511987654321 is not a WhatsApp user."}}""")]
    [InlineData("""{"code":"undeliverable","description":"Not delivered to 5511987654321 (BR.7712093455123009).","meta_error_code":131026}""")]
    [InlineData("""{"errors":[{"code":9,"description":"no (correct) recipients found: 55 11 98765 4321","parameter":"to"}]}""")]
    public async Task An_error_quoting_the_recipients_number_or_user_id_keeps_them_masked(string body)
    {
        // The message is stored with the send record: the person's number must not be in it.
        using var registration = TestRegistration.Channels(_stub);
        _stub.Respond(422, body);

        var result = await registration.Gateway.SendAsync(Messages.To(new TextContent("hi")));

        Assert.DoesNotContain("4321", result.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("7712093455123009", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("[number]", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limited_429_honours_Retry_After_in_seconds()
    {
        using var registration = TestRegistration.Channels(_stub);
        _stub.Respond(429, """{"error":{"type":"rate_limit_error","code":"E02001","name":"RateLimited","message":"Too many requests."}}""", ("Retry-After", "7"));

        var result = await registration.Gateway.SendAsync(Messages.To(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal("rate_limit_error", result.Error.ProviderCode);
        Assert.Equal("Too many requests.", result.Error.Message);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Error.RetryAfter);
        Assert.True(result.Error.IsRetryable);
        Assert.Equal(429, result.Error.HttpStatus);
    }

    [Fact]
    public async Task Rate_limited_429_honours_Retry_After_as_an_HTTP_date_against_the_clock()
    {
        using var registration = TestRegistration.Channels(_stub);
        var retryAt = registration.Time.GetUtcNow().AddSeconds(90);
        _stub.Respond(429, """{"code":"rate_limited","description":"Slow down."}""", ("Retry-After", retryAt.ToString("R")));

        var result = await registration.Gateway.SendAsync(Messages.To(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal("rate_limited", result.Error.ProviderCode);
        Assert.Equal(TimeSpan.FromSeconds(90), result.Error.RetryAfter);
    }

    [Fact]
    public async Task A_429_without_a_Bird_body_is_still_rate_limited_and_a_legacy_429_keeps_its_retry_delay()
    {
        using var registration = TestRegistration.Legacy(_stub);
        _stub.Respond(429, "Too Many Requests", ("Retry-After", "3"));

        var result = await registration.Gateway.SendAsync(Messages.To(new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.RateLimited, result.Error!.Kind);
        Assert.Null(result.Error.ProviderCode);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Error.RetryAfter);
    }
}
