using System.Text;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Providers.Twilio.Webhooks;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.Webhooks;

/// <summary>The test vectors of providers.md §2.5 (confirmed there against Twilio 8.2.0 and an independent implementation).</summary>
public sealed class TwilioSignatureVectorTests
{
    private static readonly KeyValuePair<string, string>[] s_documented =
    [
        new("CallSid", "CA1234567890ABCDE"), new("Caller", "+12349013030"), new("Digits", "1234"),
        new("From", "+12349013030"), new("To", "+18005551212"),
    ];

    private static readonly KeyValuePair<string, string>[] s_csharpTest =
    [
        new("CallSid", "CA1234567890ABCDE"), new("From", "+14158675309"), new("Digits", "1234"),
        new("To", "+18005551212"), new("Caller", "+14158675309"),
    ];

    public static TheoryData<string, string, bool> Vectors => new()
    {
        // url, signature, documented parameters (else the twilio-csharp test parameters)
        { "https://mycompany.com/myapp.php?foo=1&bar=2", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", true },
        { "https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", false },
        { "https://mycompany.com/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=", false },   // Twilio signed with :443
        { "https://mycompany.com:443/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", false }, // we saw :443, Twilio signed without
        { "https://MyCompany.com/myapp.php?foo=1&bar=2", "g9IN/x4Cft2g517EjYvEvM/W7LU=", false },
        { "https://MyCompany.com:1234/myapp.php?foo=1&bar=2", "PCqOZm8cnu/L6+u5i5fuEd+Iac4=", false },
        { "http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", false },
        { "http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=", false },      // matches via :80
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Documented_vectors_verify(string url, string signature, bool documented)
    {
        var reader = Reader("12345");

        var result = reader.Read(FormRequest(url, documented ? s_documented : s_csharpTest, signature));

        // Verified: a voice call is not a WhatsApp event, so it is acknowledged without events.
        AssertVerifiedWithoutEvents(result);
    }

    [Fact]
    public void Host_case_matters_as_in_Twilio()
    {
        var reader = Reader("12345");

        var result = reader.Read(FormRequest("https://mycompany.com/myapp.php?foo=1&bar=2", s_csharpTest, "g9IN/x4Cft2g517EjYvEvM/W7LU="));

        Assert.Equal(WebhookRejection.SignatureInvalid, result.Rejection?.Code);
    }

    [Fact]
    public void Documented_example_with_a_changed_digit_fails()
    {
        var reader = Reader("12345");
        KeyValuePair<string, string>[] changed = [.. s_documented.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "1235") : p)];

        var result = reader.Read(FormRequest("https://mycompany.com/myapp.php?foo=1&bar=2", changed, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));

        Assert.Equal(WebhookRejection.SignatureInvalid, result.Rejection?.Code);
        Assert.Empty(result.Events);
    }

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", "a9nBmqA0ju/hNViExpshrM61xv4=")]
    [InlineData("https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", "y77kIzt2vzLz71DgmJGsen2scGs=")]
    public void Json_body_vectors_verify_and_a_changed_body_fails(string url, string signature)
    {
        var reader = Reader("12345");

        var ok = reader.Read(JsonRequest(url, """{"property": "value", "boolean": true}""", signature));
        var changed = reader.Read(JsonRequest(url, """{"property": "value", "boolean": false}""", signature));

        AssertVerifiedWithoutEvents(ok);
        Assert.Equal(WebhookRejection.SignatureInvalid, changed.Rejection?.Code);
    }

    [Fact]
    public void WhatsApp_vector_verifies_and_reads_the_opt_out_button()
    {
        var reader = Reader("12345");
        KeyValuePair<string, string>[] parameters =
        [
            new("MessageSid", "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), new("From", "whatsapp:+14155550100"), new("To", "whatsapp:+14155550101"),
            new("Body", "STOP"), new("ButtonPayload", "opt_out"), new("WaId", "14155550100"),
        ];

        var result = reader.Read(FormRequest("https://example.com/twilio/inbound", parameters, "tAB5uWKWSEQ0/g6sA+/Qhl6LdYY="));

        Assert.True(result.IsAccepted, result.Rejection?.Message);
        var button = Assert.IsType<ButtonReplyEvent>(Assert.Single(result.Events));
        Assert.Equal("opt_out", button.Payload);
        Assert.Equal("+14155550100", button.From.Phone?.E164);
    }

    [Fact]
    public void Hmac_sha256_vector_verifies_only_in_sha256_mode()
    {
        var reader = Reader("12345");
        var request = FormRequest("https://mycompany.com/myapp.php?foo=1&bar=2", s_documented, "Rmm4Vzj+Ky7JGoWXMCsZDZuHDszLr9xvdbvitrDr4/M=");
        var sha256 = request with
        {
            Headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase)
            {
                ["X-Twilio-Webhooks-Signature-Settings"] = "key=KSxxx,algorithm=HMAC_SHA256",
            },
        };

        Assert.Equal(WebhookRejection.SignatureInvalid, reader.Read(request).Rejection?.Code);
        AssertVerifiedWithoutEvents(reader.Read(sha256));
    }

    [Theory]
    [InlineData("https://a.example.com/x?y=1", "https://a.example.com:443/x?y=1")]
    [InlineData("http://a.example.com/x", "http://a.example.com:80/x")]
    [InlineData("https://a.example.com:8443/x", "https://a.example.com/x")]
    [InlineData("https://user:pass@a.example.com/x", "https://user:pass@a.example.com:443/x")]
    [InlineData("https://user:pass@a.example.com:99/x", "https://user:pass@a.example.com/x")]
    [InlineData("http://[::1]:5000/x", "http://[::1]/x")]
    [InlineData("https://a.example.com", "https://a.example.com:443")]
    public void Port_is_toggled_like_Twilio_validators(string url, string toggled)
    {
        Assert.Equal(toggled, TwilioSignature.TogglePort(url));
    }

    /// <summary>A verified request that is no WhatsApp message or status: acknowledged, nothing read, nothing dead-lettered.</summary>
    internal static void AssertVerifiedWithoutEvents(WebhookReadResult result)
    {
        Assert.True(result.IsAccepted, result.Rejection?.Code);
        Assert.Empty(result.Events);
        Assert.Empty(result.MalformedItems);
    }

    internal static TwilioWebhookReader Reader(string authToken, Action<TwilioOptions>? configure = null)
    {
        var options = new TwilioOptions { AccountSid = TwilioStub.AccountSid, AuthToken = authToken, Senders = [TestHost.Sender] };
        configure?.Invoke(options);
        return new TwilioWebhookReader("twilio:main", options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    internal static WebhookRequest FormRequest(string url, IEnumerable<KeyValuePair<string, string>> parameters, string signature) => new()
    {
        Method = "POST",
        Url = new Uri(url),
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/x-www-form-urlencoded",
            ["X-Twilio-Signature"] = signature,
        },
        Body = Encoding.UTF8.GetBytes(Signer.Form(parameters)),
    };

    internal static WebhookRequest JsonRequest(string url, string body, string signature) => new()
    {
        Method = "POST",
        Url = new Uri(url),
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json",
            ["X-Twilio-Signature"] = signature,
        },
        Body = Encoding.UTF8.GetBytes(body),
    };
}
