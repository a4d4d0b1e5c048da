using System.Net.Http.Headers;
using System.Text;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;

namespace WaCompliance.Providers.Twilio.Tests.Gateway;

/// <summary>The contract checks themselves: a request that breaks Twilio's contract must be caught by the stub and by Prism.</summary>
[Collection(TwilioHttpCollection.Name)]
public sealed class ContractCheckTests : IAsyncLifetime
{
    private readonly PrismFixture _prism;
    private TwilioStub _stub = null!;

    public ContractCheckTests(PrismFixture prism)
    {
        _prism = prism;
    }

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(_prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task Request_breaking_the_contract_is_caught_by_the_stub_and_by_Prism()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_stub.BaseUrl, $"/2010-04-01/Accounts/{TwilioStub.AccountSid}/Messages.json"))
        {
            Content = new StringContent("From=whatsapp%3A%2B16502530000&Body=hi&ValidityPeriod=soon&Colour=red", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioStub.AccountSid}:{TwilioStub.AuthToken}")));

        using var response = await client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("99999", await response.Content.ReadAsStringAsync());
        Assert.Contains(_stub.Violations, v => v == "Messages API: To is required");
        Assert.Contains(_stub.Violations, v => v == "Messages API: unknown field 'Colour'");
        Assert.Contains(_stub.Violations, v => v.StartsWith("Prism (422)", StringComparison.Ordinal) && v.Contains("ValidityPeriod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_body_to_the_Messages_API_is_caught()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_stub.BaseUrl, $"/2010-04-01/Accounts/{TwilioStub.AccountSid}/Messages.json"))
        {
            Content = new StringContent("""{"To":"whatsapp:+64211234567"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioStub.AccountSid}:{TwilioStub.AuthToken}")));

        using var response = await client.SendAsync(request);

        Assert.Contains(_stub.Violations, v => v.StartsWith("Messages API: Content-Type", StringComparison.Ordinal));
        Assert.Contains(_stub.Violations, v => v.StartsWith("Prism (415)", StringComparison.Ordinal));
    }
}
