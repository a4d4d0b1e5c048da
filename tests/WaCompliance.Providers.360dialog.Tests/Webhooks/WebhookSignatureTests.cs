using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Webhooks;

/// <summary>X-Hub-Signature-256 with the app secret, plus Meta's subscription handshake.</summary>
public sealed class WebhookSignatureTests : WebhookTestBase
{
    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.AppSecret = AppSecret;
        options.VerifyToken = "verify-me-please";
    }

    [Fact]
    public async Task Meta_signature_test_vector_is_accepted()
    {
        const string body = """{"object":"whatsapp_business_account","entry":[]}""";

        var answer = await PostAsync(body, ("X-Hub-Signature-256", "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756"));

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Result.IsAccepted);
        Assert.Empty(answer.Result.Events);
    }

    [Fact]
    public async Task A_signed_inbound_message_is_read()
    {
        var body = MetaWebhooks.Text("Hello");

        var answer = await PostAsync(body, ("X-Hub-Signature-256", MetaWebhooks.Sign(AppSecret, body)));

        Assert.Equal(200, answer.Status);
        Assert.Single(answer.Result.Events);
    }

    [Fact]
    public async Task An_upper_case_hex_signature_is_accepted()
    {
        var body = MetaWebhooks.Text("Hello");
        var signature = "sha256=" + MetaWebhooks.Sign(AppSecret, body)["sha256=".Length..].ToUpperInvariant();

        var answer = await PostAsync(body, ("X-Hub-Signature-256", signature));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task A_tampered_body_is_refused_and_nothing_is_read()
    {
        var signed = MetaWebhooks.Text("Hello");
        var tampered = MetaWebhooks.Text("Hellp");

        AssertRejected(await PostAsync(tampered, ("X-Hub-Signature-256", MetaWebhooks.Sign(AppSecret, signed))), WebhookRejection.SignatureInvalid, 401);
    }

    [Fact]
    public async Task A_missing_signature_is_refused()
    {
        AssertRejected(await PostAsync(MetaWebhooks.Text()), WebhookRejection.SignatureMissing, 401);
    }

    [Fact]
    public async Task A_signature_with_another_secret_is_refused()
    {
        var body = MetaWebhooks.Text();

        AssertRejected(await PostAsync(body, ("X-Hub-Signature-256", MetaWebhooks.Sign("another_secret", body))), WebhookRejection.SignatureInvalid, 401);
    }

    [Theory]
    [InlineData("sha1=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")]
    [InlineData("sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c6337")]
    [InlineData("sha256=zzc6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")]
    [InlineData("dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")]
    public async Task A_malformed_signature_is_refused(string signature)
    {
        AssertRejected(await PostAsync("""{"object":"whatsapp_business_account","entry":[]}""", ("X-Hub-Signature-256", signature)), WebhookRejection.SignatureInvalid, 401);
    }

    [Fact]
    public async Task A_replayed_request_is_accepted_with_the_same_event_ids_so_the_processor_dedupe_absorbs_it()
    {
        // The scheme signs no timestamp or delivery id: replay protection is the event-id dedupe downstream.
        var body = MetaWebhooks.Text("STOP");
        var signature = MetaWebhooks.Sign(AppSecret, body);

        var first = await PostAsync(body, ("X-Hub-Signature-256", signature));
        var replay = await PostAsync(body, ("X-Hub-Signature-256", signature));

        Assert.Equal(first.Result.Events.Select(e => e.EventId), replay.Result.Events.Select(e => e.EventId));
        Assert.Equal(first.Result.Events[0].OccurredAt, replay.Result.Events[0].OccurredAt);
    }

    [Theory]
    [InlineData("upper-case hex")]
    [InlineData("SHA256= prefix")]
    [InlineData("surrounding white space")]
    public async Task A_replay_with_the_signature_written_differently_is_the_same_signature_and_reads_the_same_event_ids(string encoding)
    {
        // Signatures are compared as decoded bytes, and event ids come from the body: a re-encoded replay is still a
        // replay, which the processor's event-id dedupe absorbs (see ComplianceEndToEndTests).
        var body = MetaWebhooks.Text("STOP");
        var signature = MetaWebhooks.Sign(AppSecret, body);
        var hex = signature["sha256=".Length..];
        var reEncoded = encoding switch
        {
            "upper-case hex" => "sha256=" + hex.ToUpperInvariant(),
            "SHA256= prefix" => "SHA256=" + hex,
            _ => "  " + signature + " ",
        };

        var first = await PostAsync(body, ("X-Hub-Signature-256", signature));
        var replay = await PostAsync(body, ("X-Hub-Signature-256", reEncoded));

        Assert.Equal(200, replay.Status);
        Assert.Equal(first.Result.Events.Select(e => e.EventId), replay.Result.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task The_handshake_with_the_verify_token_is_answered_with_the_challenge()
    {
        var answer = await SendAsync(HttpMethod.Get, "?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444");

        Assert.Equal(200, answer.Status);
        Assert.Equal("1158201444", answer.Text);
        Assert.Equal("1158201444", answer.Result.ChallengeResponse);
    }

    [Fact]
    public async Task The_handshake_with_a_wrong_token_is_refused()
    {
        AssertRejected(await SendAsync(HttpMethod.Get, "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444"), WebhookRejection.SignatureInvalid, 401);
    }

    [Fact]
    public async Task The_handshake_without_a_token_is_refused()
    {
        AssertRejected(await SendAsync(HttpMethod.Get, "?hub.mode=subscribe&hub.challenge=1158201444"), WebhookRejection.SignatureMissing, 401);
    }

    [Fact]
    public async Task A_handshake_challenge_that_is_not_a_token_is_not_echoed()
    {
        AssertRejected(await SendAsync(HttpMethod.Get, "?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=%3Cscript%3E"), WebhookRejection.BodyMalformed, 400);
    }

    [Fact]
    public async Task Other_methods_are_refused()
    {
        AssertRejected(await SendAsync(HttpMethod.Put, string.Empty), WebhookRejection.Unsupported, 405);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_the_signature_is_computed()
    {
        var huge = """{"object":"whatsapp_business_account","entry":[],"pad":""" + "\"" + new string('a', 1024 * 1024) + "\"}";

        AssertRejected(await PostAsync(huge, ("X-Hub-Signature-256", MetaWebhooks.Sign(AppSecret, huge))), WebhookRejection.BodyTooLarge, 413);
    }
}

/// <summary>The secret header 360dialog forwards (its messaging webhooks are not signed).</summary>
public sealed class WebhookSecretHeaderTests : WebhookTestBase
{
    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.SecretHeaderName = SecretHeader;
        options.SecretHeaderValue = SecretValue;
    }

    [Fact]
    public async Task The_configured_secret_header_authenticates_the_request()
    {
        var answer = await PostAsync(MetaWebhooks.Text(), (SecretHeader, SecretValue));

        Assert.Equal(200, answer.Status);
        Assert.Single(answer.Result.Events);
    }

    [Fact]
    public async Task The_header_name_is_matched_in_any_case()
    {
        var answer = await PostAsync(MetaWebhooks.Text(), (SecretHeader.ToLowerInvariant(), SecretValue));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused()
    {
        AssertRejected(await PostAsync(MetaWebhooks.Text(), (SecretHeader, SecretValue + "x")), WebhookRejection.SignatureInvalid, 401);
    }

    [Fact]
    public async Task A_missing_secret_header_is_refused()
    {
        AssertRejected(await PostAsync(MetaWebhooks.Text()), WebhookRejection.SignatureMissing, 401);
    }

    [Fact]
    public async Task A_handshake_is_refused_when_no_verify_token_is_configured()
    {
        AssertRejected(await SendAsync(HttpMethod.Get, "?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1"), WebhookRejection.Unsupported, 403);
    }
}

/// <summary>With both configured, both must match.</summary>
public sealed class WebhookBothChecksTests : WebhookTestBase
{
    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.AppSecret = AppSecret;
        options.SecretHeaderName = SecretHeader;
        options.SecretHeaderValue = SecretValue;
    }

    [Fact]
    public async Task Both_the_signature_and_the_secret_header_are_required()
    {
        var body = MetaWebhooks.Text();

        AssertRejected(await PostAsync(body, (SecretHeader, SecretValue)), WebhookRejection.SignatureMissing, 401);
        AssertRejected(await PostAsync(body, ("X-Hub-Signature-256", MetaWebhooks.Sign(AppSecret, body))), WebhookRejection.SignatureMissing, 401);
        Assert.Equal(200, (await PostAsync(body, ("X-Hub-Signature-256", MetaWebhooks.Sign(AppSecret, body)), (SecretHeader, SecretValue))).Status);
    }
}

/// <summary>Without any authentication configured, nothing is read.</summary>
public sealed class WebhookUnconfiguredTests : WebhookTestBase
{
    protected override void Configure(Dialog360WebhookOptions options)
    {
    }

    [Fact]
    public async Task A_registration_without_webhook_authentication_refuses_every_notification()
    {
        AssertRejected(await PostAsync(MetaWebhooks.Text()), WebhookRejection.Unsupported, 403);
    }
}
