using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Dialog360.Tests.Messaging;

/// <summary>
/// Whom a send goes to (identities.md §4): <c>to</c> when a phone is known, <c>recipient</c> with the business-scoped
/// user ID otherwise, never both; and whom the response's <c>contacts[]</c> says it reached.
/// </summary>
public sealed class GatewayIdentityTests : IAsyncLifetime
{
    private static readonly BusinessScopedUserId s_userId = BusinessScopedUserId.Parse("BR.7712093455123009");
    private static readonly BusinessScopedUserId s_parent = BusinessScopedUserId.Parse("BR.ENT.5531200098871234");
    private static readonly WhatsAppNumber s_phone = WhatsAppNumber.Parse("+5511987654321");

    private CloudApiStub _stub = null!;
    private IServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _stub = await CloudApiStub.StartAsync();
        _services = TestServices.Build(_stub.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
    }

    private async Task<(GatewaySendResult Result, JsonElement Body)> SendAsync(WhatsAppIdentity to, MessageContent? content = null, MessageTemplate? template = null)
    {
        var result = await _services.Gateway().SendAsync(TestServices.Message(to, content ?? new TextContent("Olá"), template));
        _stub.AssertNoViolations();
        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = Assert.Single(_stub.Requests);
        return (result, JsonDocument.Parse(request.Body).RootElement.Clone());
    }

    [Fact]
    public async Task A_send_to_a_user_id_only_goes_in_recipient_and_has_no_to()
    {
        var (result, body) = await SendAsync(s_userId, new TemplateContent("order_update", "pt_BR"));

        Assert.Equal("BR.7712093455123009", body.GetProperty("recipient").GetString());
        Assert.False(body.TryGetProperty("to", out _));
        Assert.Equal("individual", body.GetProperty("recipient_type").GetString());
        Assert.Equal(s_userId, result.Reached?.UserId);
        Assert.Null(result.Reached?.Phone);
    }

    [Fact]
    public async Task A_send_to_a_parent_user_id_only_goes_in_recipient()
    {
        var (result, body) = await SendAsync(new WhatsAppIdentity(null, null, s_parent));

        Assert.Equal("BR.ENT.5531200098871234", body.GetProperty("recipient").GetString());
        Assert.False(body.TryGetProperty("to", out _));
        Assert.Equal(s_parent, result.Reached?.ParentUserId);
    }

    [Fact]
    public async Task A_user_id_with_its_parent_is_sent_by_the_user_id_of_this_portfolio()
    {
        var (_, body) = await SendAsync(new WhatsAppIdentity(null, s_userId, s_parent));

        Assert.Equal("BR.7712093455123009", body.GetProperty("recipient").GetString());
    }

    [Fact]
    public async Task A_send_to_a_phone_goes_in_to_even_when_the_user_id_is_known_so_only_one_is_sent()
    {
        var (result, body) = await SendAsync(new WhatsAppIdentity(s_phone, s_userId, s_parent));

        Assert.Equal("5511987654321", body.GetProperty("to").GetString());
        Assert.False(body.TryGetProperty("recipient", out _));
        Assert.Equal(s_phone, result.Reached?.Phone);
    }

    [Fact]
    public async Task The_reached_identity_is_what_contacts_names_for_the_input_sent_such_as_the_registered_brazilian_number()
    {
        // Brazil: an account registered before the ninth digit answers with the 12-digit wa_id for a 13-digit input.
        _stub.EnqueueMessageResponse(new StubResponse(200,
            """{"messaging_product":"whatsapp","contacts":[{"input":"5511987654321","wa_id":"551187654321","user_id":"BR.7712093455123009"}],"messages":[{"id":"wamid.BR1"}]}"""));

        var (result, _) = await SendAsync(s_phone);

        Assert.Equal("wamid.BR1", result.ProviderMessageId);
        Assert.Equal("+551187654321", result.Reached?.Phone?.E164);
        Assert.Equal(s_userId, result.Reached?.UserId);
    }

    [Theory]
    [InlineData("""{"messaging_product":"whatsapp","contacts":"not a list","messages":[{"id":"wamid.L1"}]}""")]
    [InlineData("""{"messaging_product":"whatsapp","contacts":[{"input":"5511987654321","wa_id":5511987654321}],"messages":[{"id":"wamid.L1"}]}""")]
    [InlineData("""{"messaging_product":"whatsapp","contacts":[{"input":"5511987654321","wa_id":"not-a-number","user_id":"br.lower"}],"messages":[{"id":"wamid.L1"}]}""")]
    [InlineData("""{"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"64211234567"},{"input":"2","wa_id":"64211234568"}],"messages":[{"id":"wamid.L1"}]}""")]
    [InlineData("""{"messaging_product":"whatsapp","messages":[{"id":"wamid.L1"}]}""")]
    public async Task Unreadable_or_ambiguous_contacts_never_cost_the_message_id_and_name_nobody(string response)
    {
        _stub.EnqueueMessageResponse(new StubResponse(200, response));

        var (result, _) = await SendAsync(s_phone);

        Assert.Equal("wamid.L1", result.ProviderMessageId);
        Assert.Null(result.Reached);
    }

    [Fact]
    public async Task An_authentication_template_to_a_user_id_is_refused_before_calling_because_a_code_needs_a_number()
    {
        var template = new MessageTemplate
        {
            Name = "login_code",
            Language = "en",
            Category = TemplateCategory.Authentication,
            Status = TemplateStatus.Approved,
            Body = "{{1}} is your verification code.",
        };

        var result = await _services.Gateway().SendAsync(TestServices.Message(s_userId, new TemplateContent("login_code", "en"), template));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Meta_131062_for_a_user_id_recipient_is_UserIdNotSupported()
    {
        _stub.EnqueueMessageResponse(new StubResponse(400,
            """{"error":{"message":"(#131062) Business-scoped User ID recipients are not supported for this message","type":"OAuthException","code":131062,"error_data":{"messaging_product":"whatsapp","details":"Business-scoped User ID recipients are not supported for this message"},"fbtrace_id":"Ab1"}}"""));

        var result = await _services.Gateway().SendAsync(TestServices.Message(s_userId, new TextContent("hi")));

        _stub.AssertNoViolations();
        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Equal("131062", result.Error.ProviderCode);
    }
}
