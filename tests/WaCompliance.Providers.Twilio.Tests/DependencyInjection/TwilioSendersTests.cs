using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;

namespace WaCompliance.Providers.Twilio.Tests.DependencyInjection;

/// <summary>The <c>Senders</c> option: business numbers of any valid line type, and a message naming each real fault.</summary>
[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioSendersTests : IAsyncLifetime
{
    private readonly PrismFixture _prism;
    private TwilioStub _stub = null!;

    public TwilioSendersTests(PrismFixture prism)
    {
        _prism = prism;
    }

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(_prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task Landline_and_toll_free_senders_start_and_send()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test-pepper-0123456789abcdef0123456789"; }).UseInMemoryStores()
            .AddTwilio("main", o =>
            {
                o.AccountSid = TwilioStub.AccountSid;
                o.AuthToken = TwilioStub.AuthToken;
                o.Senders = ["+6493001234", "+18005550199", "+442079460000", "whatsapp:+61293744000"];
                o.ApiBaseUrl = _stub.BaseUrl;
                o.ContentBaseUrl = _stub.BaseUrl;
            });
        using var host = builder.Build();

        await host.StartAsync();
        var gateway = host.Services.Gateway();
        var tollFree = gateway.Senders[1];
        var result = await gateway.SendAsync(TestHost.Message(WhatsAppNumber.Parse(TestHost.Recipient), new TextContent("hi")) with { From = tollFree });
        await host.StopAsync();

        Assert.Equal(["+6493001234", "+18005550199", "+442079460000", "+61293744000"], gateway.Senders.Select(s => s.E164));
        Assert.Equal([WhatsAppNumberType.FixedLine, WhatsAppNumberType.TollFree, WhatsAppNumberType.FixedLine, WhatsAppNumberType.FixedLine], gateway.Senders.Select(s => s.Type));
        Assert.True(host.Services.GetRequiredService<IMessageGatewayRegistry>().TryResolve(tollFree, out var routed, out _));
        Assert.Equal("twilio:main", routed.Name);
        Assert.True(result.IsAccepted, result.Error?.Message);
        Assert.Equal("whatsapp:+18005550199", Assert.Single(_stub.MessageRequests).Field("From"));
        _stub.AssertNoViolations();
    }

    [Theory]
    [InlineData("0211234567", "is not in E.164 form: write + and the country calling code before the number (e.g. +14155550100), without a national trunk prefix.")]
    [InlineData("64211234567", "is not in E.164 form: write + and the country calling code before the number (e.g. +14155550100), without a national trunk prefix.")]
    [InlineData("+999123456", "has a country calling code that is assigned to no country.")]
    [InlineData("12345", "is a short code: WhatsApp senders are full phone numbers in E.164 form, e.g. +14155550100.")]
    [InlineData("+1 2345", "is a short code: WhatsApp senders are full phone numbers in E.164 form, e.g. +14155550100.")]
    [InlineData("ACME", "contains letters: an alphanumeric sender ID cannot send WhatsApp messages; list the sender's phone number in E.164 form, e.g. +14155550100.")]
    [InlineData("US.13491208655302741918", "is a business-scoped user ID, not a phone number: a sender is the business's own WhatsApp number in E.164 form.")]
    [InlineData("+6400000", "is not a number in use in its country's numbering plan.")]
    [InlineData("+1234567890123456", "has too many digits for a phone number of its country (E.164 allows at most 15).")]
    [InlineData(" ", "is empty: list the WhatsApp sender number in E.164 form, e.g. +14155550100.")]
    public void Each_sender_fault_is_named_by_its_message(string sender, string problem)
    {
        var error = Validate([TestHost.Sender, sender]);

        Assert.Equal($"TwilioOptions.Senders.1 (registration 'main') {problem}", Assert.Single(error.Failures));
    }

    [Fact]
    public void Repeated_sender_names_the_entry_it_repeats_even_when_written_differently()
    {
        var error = Validate(["+6493001234", TestHost.Sender, "+64 9 300 1234"]);

        Assert.Equal("TwilioOptions.Senders.2 (registration 'main') is the same number as Senders.0; list each sender once.", Assert.Single(error.Failures));
    }

    [Fact]
    public void Sender_messages_never_contain_the_number()
    {
        var error = Validate(["0211234567", "+999123456", "+6400000", "US.13491208655302741918"]);

        Assert.Equal(4, error.Failures.Count());
        foreach (var failure in error.Failures)
        {
            Assert.DoesNotContain("211234567", failure);
            Assert.DoesNotContain("999123456", failure);
            Assert.DoesNotContain("6400000", failure);
            Assert.DoesNotContain("13491208655302741918", failure);
        }
    }

    private static OptionsValidationException Validate(IList<string> senders)
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test-pepper-0123456789abcdef0123456789"; }).UseInMemoryStores()
            .AddTwilio("main", o =>
            {
                o.AccountSid = TwilioStub.AccountSid;
                o.AuthToken = TwilioStub.AuthToken;
                o.Senders = senders;
            });
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<TwilioOptions>>().Get("main"));
    }
}
