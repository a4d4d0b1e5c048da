using System.Net;
using System.Net.Sockets;
using WaCompliance.Messaging;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;

namespace WaCompliance.Providers.Dialog360.Tests.Messaging;

public sealed class GatewayTransportTests
{
    [Fact]
    public async Task A_provider_that_cannot_be_reached_throws_HttpRequestException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var services = TestServices.Build(new Uri($"http://127.0.0.1:{port}/"));

        await Assert.ThrowsAsync<HttpRequestException>(async () => await services.Gateway().SendAsync(TestServices.Message(new TextContent("hi"))));
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        await using var stub = await CloudApiStub.StartAsync();
        using var services = TestServices.Build(stub.BaseUrl);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await services.Gateway().SendAsync(TestServices.Message(new TextContent("hi")), cancellation.Token));
    }

    [Fact]
    public async Task The_gateway_names_its_provider_registration_and_sender()
    {
        await using var stub = await CloudApiStub.StartAsync();
        using var services = TestServices.Build(stub.BaseUrl);

        var gateway = services.Gateway();

        Assert.Equal("360dialog:test", gateway.Name);
        Assert.Equal("360dialog", gateway.Provider);
        Assert.Equal(TestServices.Sender, Assert.Single(gateway.Senders).E164);
    }

    [Fact]
    public async Task A_base_url_with_a_path_keeps_its_path()
    {
        await using var stub = await CloudApiStub.StartAsync();
        using var services = TestServices.Build(new Uri(stub.BaseUrl, "sandbox"));

        var result = await services.Gateway().SendAsync(TestServices.Message(new TextContent("hi")));

        // The stub serves /messages only: a request to /sandbox/messages is a recorded violation.
        Assert.False(result.IsAccepted);
        Assert.Equal("/sandbox/messages", Assert.Single(stub.Requests).PathAndQuery);
    }
}
