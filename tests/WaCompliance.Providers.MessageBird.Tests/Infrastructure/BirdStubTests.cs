using System.Net.Http.Headers;
using System.Text;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>The stub refuses requests that break the documented contract, so a passing gateway test means a conforming request.</summary>
public sealed class BirdStubTests : IAsyncLifetime
{
    private BirdStub _stub = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _stub = await BirdStub.StartAsync();
        _client = new HttpClient { BaseAddress = _stub.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _stub.DisposeAsync();
    }

    public static TheoryData<string, string, string, string> Violations => new()
    {
        { $"/workspaces/{BirdStub.WorkspaceId}/channels/{BirdStub.ChannelId}/messages", "AccessKey wrong", """{"receiver":{"contacts":[{"identifierValue":"+31687654321"}]},"body":{"type":"text","text":{"text":"hi"}}}""", "Authorization" },
        { $"/workspaces/{BirdStub.WorkspaceId}/channels/{BirdStub.ChannelId}/messages", "AccessKey " + BirdStub.AccessKey, """{"receiver":{"contacts":[{"identifierValue":"+31687654321"}]},"body":{"type":"text","text":{"text":"hi"}},"to":"x"}""", "undocumented field 'to'" },
        { $"/workspaces/{BirdStub.WorkspaceId}/channels/{BirdStub.ChannelId}/messages", "AccessKey " + BirdStub.AccessKey, """{"receiver":{"contacts":[{"identifierValue":"0687654321"}]},"body":{"type":"text","text":{"text":"hi"}}}""", "identifierValue does not match" },
        { $"/workspaces/{BirdStub.WorkspaceId}/channels/{BirdStub.ChannelId}/messages", "AccessKey " + BirdStub.AccessKey, """{"receiver":{"contacts":[{"identifierValue":"+31687654321"}]},"body":{"type":"text","text":{"text":"hi"}},"template":{"name":"a","locale":"en"}}""", "exactly one of body or template" },
        { $"/workspaces/{BirdStub.WorkspaceId}/channels/{BirdStub.ChannelId}/messages", "AccessKey " + BirdStub.AccessKey, """{"receiver":{"contacts":[{"identifierValue":"+31687654321"}]},"template":{"name":"a"}}""", "template.locale is required" },
        { $"/workspaces/{BirdStub.WorkspaceId}/channels/{BirdStub.ChannelId}/messages", "AccessKey " + BirdStub.AccessKey, """{"receiver":{"contacts":[{"identifierValue":"+31687654321"}]},"body":{"type":"file","file":{"files":[{"mediaUrl":"https://x/y.pdf"}]}}}""", "contentType is required" },
        { "/v1/send", "AccessKey " + BirdStub.AccessKey, """{"to":"+31687654321","from":"other","type":"text","content":{"text":"hi"}}""", "from must be the channel id" },
        { "/v1/send", "AccessKey " + BirdStub.AccessKey, """{"to":"+31687654321","from":"619747f69cf940a98fb443140ce9aed2","type":"hsm","content":{"hsm":{"namespace":"5ba2d0b7_f2c6_433b_a66e_57b009ceb6ff","templateName":"x","language":{"code":"en"}}}}""", "policy" },
        { "/v2/platforms/whatsapp/templates", "AccessKey " + BirdStub.AccessKey, """{"name":"Bad Name","language":"en","category":"MARKETING","components":[{"type":"BODY","text":"hi"}]}""", "template.name does not match" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Requests_that_break_the_contract_are_recorded_and_answered_599(string path, string authorization, string json, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await _client.SendAsync(request);

        Assert.Equal(599, (int)response.StatusCode);
        Assert.Contains(_stub.Violations, v => v.Contains(expected, StringComparison.Ordinal));
    }
}
