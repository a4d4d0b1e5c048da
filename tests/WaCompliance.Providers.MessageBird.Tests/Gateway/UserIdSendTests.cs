using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird.Tests.Gateway;

/// <summary>
/// Sending to people known by a business-scoped user ID (identities.md §4, §5): Bird Channels addresses them with the
/// <c>whatsappbsuid</c> key; the legacy Conversations API cannot and refuses before any request. Real HTTP to the stub.
/// </summary>
public sealed class UserIdSendTests : IAsyncLifetime
{
    private static readonly BusinessScopedUserId s_userId = BusinessScopedUserId.Parse(Deliveries.UserId);
    private static readonly WhatsAppNumber s_phone = WhatsAppNumber.Parse(TestRegistration.Recipient);

    private BirdStub _stub = null!;
    private TestRegistration _channels = null!;
    private TestRegistration _legacy = null!;

    public async Task InitializeAsync()
    {
        _stub = await BirdStub.StartAsync();
        _channels = TestRegistration.Channels(_stub);
        _legacy = TestRegistration.Legacy(_stub);
    }

    public async Task DisposeAsync()
    {
        _channels.Dispose();
        _legacy.Dispose();
        await _stub.DisposeAsync();
    }

    private static GatewayMessage ToIdentity(WhatsAppIdentity to, MessageContent? content = null, MessageTemplate? template = null) =>
        Messages.To(content ?? new TextContent("Your order has shipped"), template, to: to);

    [Fact]
    public async Task A_person_known_only_by_a_user_id_is_sent_to_with_the_whatsappbsuid_identifier_key()
    {
        var result = await _channels.Gateway.SendAsync(ToIdentity(s_userId));

        Assert.True(result.IsAccepted);
        Assert.Empty(_stub.Violations);
        var contact = Assert.Single(_stub.LastRequest.Json.GetProperty("receiver").GetProperty("contacts").EnumerateArray());
        Assert.Equal("whatsappbsuid", contact.GetProperty("identifierKey").GetString());
        Assert.Equal(Deliveries.UserId, contact.GetProperty("identifierValue").GetString());
    }

    [Fact]
    public async Task A_template_to_a_user_id_goes_with_the_whatsappbsuid_key_too()
    {
        var content = new TemplateContent("spring_sale", "en") { Parameters = TemplateParameters.Positional("Sam") };

        var result = await _channels.Gateway.SendAsync(ToIdentity(s_userId, content));

        Assert.True(result.IsAccepted);
        Assert.Empty(_stub.Violations);
        Assert.Equal("whatsappbsuid", _stub.LastRequest.Json.GetProperty("receiver").GetProperty("contacts")[0].GetProperty("identifierKey").GetString());
    }

    [Fact]
    public async Task A_person_known_by_phone_and_user_id_is_sent_to_by_phone_number()
    {
        var result = await _channels.Gateway.SendAsync(ToIdentity(new WhatsAppIdentity(s_phone, s_userId)));

        Assert.True(result.IsAccepted);
        var contact = _stub.LastRequest.Json.GetProperty("receiver").GetProperty("contacts")[0];
        Assert.Equal(("phonenumber", TestRegistration.Recipient), (contact.GetProperty("identifierKey").GetString(), contact.GetProperty("identifierValue").GetString()));
    }

    [Fact]
    public async Task A_person_known_only_by_a_parent_user_id_is_refused_before_any_request_because_Bird_documents_no_key_for_it()
    {
        var result = await _channels.Gateway.SendAsync(ToIdentity(BusinessScopedUserId.Parse(Deliveries.ParentUserId)));

        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Equal("parent_user_id_not_supported", result.Error.ProviderCode);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task An_authentication_template_to_a_user_id_is_refused_before_any_request()
    {
        var template = Messages.OrderUpdate() with { Name = "login_code", Category = TemplateCategory.Authentication };

        var result = await _channels.Gateway.SendAsync(ToIdentity(s_userId, new TemplateContent("login_code", "en_US"), template));

        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Equal("authentication_template_needs_phone", result.Error.ProviderCode);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task The_legacy_Conversations_API_refuses_a_user_id_recipient_before_any_request_with_a_clear_message()
    {
        var result = await _legacy.Gateway.SendAsync(ToIdentity(s_userId));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Equal("user_id_not_supported_by_conversations_api", result.Error.ProviderCode);
        Assert.Contains("Channels", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Deliveries.UserId, result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task The_legacy_Conversations_API_sends_to_the_phone_of_a_person_known_by_phone_and_user_id()
    {
        var result = await _legacy.Gateway.SendAsync(ToIdentity(new WhatsAppIdentity(s_phone, s_userId)));

        Assert.True(result.IsAccepted);
        Assert.Empty(_stub.Violations);
        Assert.Equal(TestRegistration.Recipient, _stub.LastRequest.Json.GetProperty("to").GetString());
    }

    public static TheoryData<int, string, string> UserIdRefusals => new()
    {
        { 422, """{"error":{"type":"validation_error","code":"E01010","name":"WhatsAppInvalidRecipient","message":"Recipient is not valid."}}""", "WhatsAppInvalidRecipient" },
        { 422, """{"code":"invalid_recipient","description":"Unknown identifier."}""", "invalid_recipient" },
        { 422, """{"error":{"type":"validation_error","code":"E01001","name":"ValidationError","message":"Invalid.","details":[{"param":"receiver.contacts[0].identifierKey","message":"unsupported"}]}}""", "validation_error" },
        { 400, """{"code":"InvalidPayload","message":"Invalid payload.","details":{"receiver.contacts.0.identifierKey":["must be one of phonenumber"]}}""", "InvalidPayload" },
        { 400, """{"code":"undeliverable","description":"BSUID not supported.","meta_error_code":131062}""", "131062" },
    };

    [Theory]
    [MemberData(nameof(UserIdRefusals))]
    public async Task Bird_refusing_a_user_id_recipient_is_user_id_not_supported_with_Birds_code(int status, string body, string code)
    {
        _stub.Respond(status, body);

        var result = await _channels.Gateway.SendAsync(ToIdentity(s_userId));

        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Equal(code, result.Error.ProviderCode);
        Assert.False(result.Error.IsRetryable);
    }

    [Theory]
    [InlineData(429, """{"code":"rate_limited","description":"Slow down."}""", ProviderErrorKind.RateLimited)]
    [InlineData(422, """{"error":{"type":"validation_error","code":"E01011","name":"WhatsAppTemplateParameterMismatch","message":"Expected 2."}}""", ProviderErrorKind.TemplateParameterMismatch)]
    [InlineData(422, """{"error":{"type":"validation_error","code":"E01001","name":"ValidationError","message":"Invalid.","details":[{"param":"template","message":"unknown"}]}}""", ProviderErrorKind.InvalidRequest)]
    public async Task Refusals_about_something_other_than_the_user_id_recipient_keep_their_kind(int status, string body, ProviderErrorKind kind)
    {
        _stub.Respond(status, body);

        var result = await _channels.Gateway.SendAsync(ToIdentity(s_userId));

        Assert.Equal(kind, result.Error!.Kind);
    }

    [Fact]
    public async Task An_invalid_recipient_refusal_for_a_phone_number_stays_recipient_invalid()
    {
        _stub.Respond(422, """{"error":{"type":"validation_error","code":"E01010","name":"WhatsAppInvalidRecipient","message":"Recipient is not a WhatsApp user."}}""");

        var result = await _channels.Gateway.SendAsync(ToIdentity(s_phone));

        Assert.Equal(ProviderErrorKind.RecipientInvalid, result.Error!.Kind);
    }
}
