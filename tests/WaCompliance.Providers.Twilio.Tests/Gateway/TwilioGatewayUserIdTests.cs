using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Tests.Gateway;

/// <summary>Sending to business-scoped user IDs over HTTP, against the stub and Prism.</summary>
[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioGatewayUserIdTests : IAsyncLifetime
{
    private const string ContentSid = "HXabcdefabcdefabcdefabcdefabcdef12";
    private static readonly BusinessScopedUserId s_userId = BusinessScopedUserId.Parse(TestHost.RecipientUserId);
    private static readonly BusinessScopedUserId s_parent = BusinessScopedUserId.Parse(TestHost.RecipientParentUserId);
    private readonly PrismFixture _prism;
    private TwilioStub _stub = null!;

    public TwilioGatewayUserIdTests(PrismFixture prism)
    {
        _prism = prism;
    }

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(_prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task Recipient_known_only_by_user_id_is_addressed_as_whatsapp_and_the_id_without_plus()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(s_userId, new TextContent("Your order shipped.")));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = Assert.Single(_stub.MessageRequests);
        Assert.Equal("whatsapp:US.13491208655302741918", request.Field("To"));
        Assert.Equal("whatsapp:" + TestHost.Sender, request.Field("From"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Recipient_with_phone_and_user_id_is_sent_to_the_phone()
    {
        await using var services = TestHost.Build(_stub);
        var both = new WhatsAppIdentity(WhatsAppNumber.Parse(TestHost.Recipient), s_userId, s_parent);

        var result = await services.Gateway().SendAsync(TestHost.Message(both, new TextContent("hi")));

        Assert.True(result.IsAccepted, result.Error?.Message);
        Assert.Equal("whatsapp:" + TestHost.Recipient, Assert.Single(_stub.MessageRequests).Field("To"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Recipient_with_user_id_and_parent_is_sent_to_the_user_id_and_one_with_only_a_parent_to_the_parent()
    {
        await using var services = TestHost.Build(_stub);

        var both = await services.Gateway().SendAsync(TestHost.Message(new WhatsAppIdentity(null, s_userId, s_parent), new TextContent("hi")));
        var parentOnly = await services.Gateway().SendAsync(TestHost.Message(s_parent, new TextContent("hi")));

        Assert.True(both.IsAccepted && parentOnly.IsAccepted);
        Assert.Equal(["whatsapp:US.13491208655302741918", "whatsapp:US.ENT.11815799212886844830"], _stub.MessageRequests.Select(r => r.Field("To")));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Template_to_a_user_id_is_sent_with_its_ContentSid()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "spring_sale", Language = "en", Category = TemplateCategory.Marketing, Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, our spring sale starts today.", ProviderTemplateId = ContentSid,
        };

        var result = await services.Gateway().SendAsync(TestHost.Message(s_userId,
            new TemplateContent("spring_sale", "en") { Parameters = TemplateParameters.Positional("Sam") }, template));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = Assert.Single(_stub.MessageRequests);
        Assert.Equal("whatsapp:US.13491208655302741918", request.Field("To"));
        Assert.Equal(ContentSid, request.Field("ContentSid"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Twilio_21211_on_a_user_id_send_is_UserIdNotSupported_with_a_message_that_names_no_id()
    {
        _stub.RefuseUserIdAddresses = true;
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(s_userId, new TextContent("hi")));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Equal("21211", result.Error.ProviderCode);
        Assert.Equal(400, result.Error.HttpStatus);
        Assert.Contains("business-scoped user ID", result.Error.Message);
        Assert.Contains("phone number", result.Error.Message);
        Assert.DoesNotContain("13491208655302741918", result.Error.Message);
        Assert.False(result.Error.IsRetryable);
        // What the stub answered did quote the address, as Twilio does.
        Assert.Single(_stub.MessageRequests);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Twilio_21211_on_a_phone_send_stays_RecipientInvalid()
    {
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(400, 21211, "The 'To' number whatsapp:+64211234567 is not a valid phone number."));
        await using var services = TestHost.Build(_stub);
        var both = new WhatsAppIdentity(WhatsAppNumber.Parse(TestHost.Recipient), s_userId);

        var result = await services.Gateway().SendAsync(TestHost.Message(both, new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.RecipientInvalid, result.Error!.Kind);
        Assert.Equal("21211", result.Error.ProviderCode);
        Assert.Equal("The 'To' number whatsapp:[number] is not a valid phone number.", result.Error.Message);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Other_errors_on_a_user_id_send_keep_their_mapping_and_mask_the_id()
    {
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(400, 63016, "Outside the window for whatsapp:US.ABC123XYZ."));
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(BusinessScopedUserId.Parse("US.ABC123XYZ"), new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.OutsideWindow, result.Error!.Kind);
        Assert.Equal("Outside the window for whatsapp:[user-id].", result.Error.Message);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Authentication_template_to_a_user_id_is_refused_before_any_request()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "login_code", Language = "en", Category = TemplateCategory.Authentication, Status = TemplateStatus.Approved,
            Body = "{{1}} is your verification code.", ProviderTemplateId = ContentSid,
        };
        var content = new TemplateContent("login_code", "en") { Parameters = TemplateParameters.Positional("123456") };

        var toUserId = await services.Gateway().SendAsync(TestHost.Message(s_userId, content, template));

        Assert.Equal(ProviderErrorKind.UserIdNotSupported, toUserId.Error!.Kind);
        Assert.Contains("phone number", toUserId.Error.Message);
        Assert.Empty(_stub.Requests);

        var toPhone = await services.Gateway().SendAsync(TestHost.Message(new WhatsAppIdentity(WhatsAppNumber.Parse(TestHost.Recipient), s_userId), content, template));
        Assert.True(toPhone.IsAccepted, toPhone.Error?.Message);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Recipient_without_any_identifier_is_refused_before_any_request()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(default(WhatsAppIdentity), new TextContent("hi")));

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Empty(_stub.Requests);
    }
}
