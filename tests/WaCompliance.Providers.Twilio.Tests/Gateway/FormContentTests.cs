using System.Text;
using WaCompliance.Providers.Twilio.Internal;

namespace WaCompliance.Providers.Twilio.Tests.Gateway;

public sealed class FormContentTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("a b&c=d+e%f")]
    [InlineData("ünïcödé 👍 日本語")]
    [InlineData("line\nbreak\ttab")]
    [InlineData("")]
    public void Encoded_values_decode_back_with_the_platform_decoder_and_our_parser(string value)
    {
        using var form = new FormContent(8);
        form.Add("Body", value).Add("To", "whatsapp:", "+64211234567");
        var text = Encoding.ASCII.GetString(form.Written);

        var decoded = new Microsoft.AspNetCore.WebUtilities.FormReader(text).ReadForm();
        var pairs = new List<KeyValuePair<string, string>>();
        Assert.True(FormParser.TryParse(form.Written, pairs));

        Assert.Equal(value, decoded["Body"].ToString());
        Assert.Equal("whatsapp:+64211234567", decoded["To"].ToString());
        Assert.Equal([new("Body", value), new("To", "whatsapp:+64211234567")], pairs);
    }
}
