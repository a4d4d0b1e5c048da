using System.Security.Cryptography;
using System.Text;

namespace WaCompliance.Providers.Dialog360.Tests.Infrastructure;

/// <summary>Meta webhook payloads as 360dialog forwards them, and their signatures.</summary>
public static class MetaWebhooks
{
    /// <summary>The business number's digits.</summary>
    public const string BusinessDigits = "4915123456789";

    /// <summary>The person's digits.</summary>
    public const string PersonDigits = "64211234567";

    /// <summary>A business-scoped user ID of the person (identities.md §3 example).</summary>
    public const string UserId = "BR.7712093455123009";

    /// <summary>The person's parent business-scoped user ID.</summary>
    public const string ParentUserId = "BR.ENT.5531200098871234";

    /// <summary>A change of any field with the business's metadata and the given value fields (no contacts).</summary>
    /// <param name="field">The field, e.g. <c>messages</c>.</param>
    /// <param name="valueFields">The value's fields after metadata.</param>
    /// <returns>The body.</returns>
    public static string Change(string field, string valueFields) =>
        $$"""
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{BusinessDigits}}","phone_number_id":"106540352242922"},{{valueFields}}},"field":"{{field}}"}]}]}
        """;

    /// <summary>A <c>messages</c> change with the given messages/statuses JSON.</summary>
    /// <param name="valueFields">The value's fields after metadata, e.g. <c>"messages":[...]</c>.</param>
    /// <returns>The body.</returns>
    public static string Messages(string valueFields) =>
        $$"""
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{BusinessDigits}}","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Aroha"},"wa_id":"{{PersonDigits}}"}],{{valueFields}}},"field":"messages"}]}]}
        """;

    /// <summary>An inbound text message.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The message id.</param>
    /// <returns>The body.</returns>
    public static string Text(string text = "STOP", string id = "wamid.HBgLNjQyMTEyMzQ1NjcVAgASGBQzQTdCRTZGNkU5QkRGRjc4QUY0MQA=") =>
        Messages($$"""
            "messages":[{"from":"{{PersonDigits}}","id":"{{id}}","timestamp":"1772366400","text":{"body":"{{text}}"},"type":"text"}]
            """);

    /// <summary>Meta's hex HMAC-SHA256 signature header value.</summary>
    /// <param name="secret">The app secret.</param>
    /// <param name="body">The body.</param>
    /// <returns><c>sha256=...</c>.</returns>
    public static string Sign(string secret, string body) => Sign(secret, Encoding.UTF8.GetBytes(body));

    /// <summary>Meta's hex HMAC-SHA256 signature header value over raw bytes.</summary>
    /// <param name="secret">The app secret.</param>
    /// <param name="body">The body bytes.</param>
    /// <returns><c>sha256=...</c>.</returns>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
