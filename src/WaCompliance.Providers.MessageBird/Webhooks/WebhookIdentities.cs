using System.Globalization;
using System.Text.Json;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Reads the people and business numbers webhooks name. A phone number is read as WhatsApp reported it
/// (<see cref="WhatsAppNumberParser.ParseReported"/>: every line type, and ranges libphonenumber does not know yet);
/// text shaped like a business-scoped user ID is read as one and never run through number normalization.
/// </summary>
internal static class WebhookIdentities
{
    /// <summary>A number as reported (E.164 with or without <c>+</c>, or legacy MSISDN digits); never BSUID-shaped text.</summary>
    public static bool TryPhone(string? value, IReadOnlyDictionary<string, WhatsAppNumber> known, out WhatsAppNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        // The business's own numbers are parsed once, at start.
        if (known.TryGetValue(value, out number))
        {
            return true;
        }

        if (BusinessScopedUserId.LooksLikeUserId(value))
        {
            return false;
        }

        var parsed = WhatsAppNumberParser.Default.ParseReported(value);
        number = parsed.Number;
        return parsed.IsValid;
    }

    /// <summary>A business number, or <see langword="null"/> when the field is absent or not a number.</summary>
    public static WhatsAppNumber? BusinessOrNull(string? value, IReadOnlyDictionary<string, WhatsAppNumber> known) =>
        TryPhone(value, known, out var number) ? number : null;

    /// <summary>The business's own numbers by E.164 text and by digits, for the readers' fast path.</summary>
    public static Dictionary<string, WhatsAppNumber> Known(IEnumerable<WhatsAppNumber> senders)
    {
        var known = new Dictionary<string, WhatsAppNumber>(StringComparer.Ordinal);
        foreach (var number in senders)
        {
            known[number.E164] = number;
            known[number.Digits] = number;
        }

        return known;
    }

    /// <summary>A legacy <c>msisdn</c>, given as a string or a JSON number.</summary>
    public static string? MsisdnText(JsonElement msisdn) => msisdn.ValueKind switch
    {
        JsonValueKind.String => JsonText.StringOrNull(msisdn),
        JsonValueKind.Number when msisdn.TryGetInt64(out var digits) => digits.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}

/// <summary>
/// Collects what one webhook item says about a person, field by field, then decides: an identity when at least one
/// identifier is usable, otherwise why not (<see cref="MalformedItemCodes.IdentityInvalid"/> or
/// <see cref="MalformedItemCodes.IdentityMissing"/>). The first value of each kind wins; a username is display only.
/// An identifier that cannot be read is ignored when another one names the person: what WhatsApp reports is evidence,
/// and a STOP from a readable number must not wait in a dead letter for a second, unreadable field.
/// </summary>
internal sealed class IdentityReading
{
    private readonly IReadOnlyDictionary<string, WhatsAppNumber> _known;
    private WhatsAppNumber? _phone;
    private BusinessScopedUserId? _userId;
    private BusinessScopedUserId? _parentUserId;
    private string? _username;
    private string? _invalid;

    public IdentityReading(IReadOnlyDictionary<string, WhatsAppNumber> known) => _known = known;

    /// <summary>A field that holds a phone number (BSUID-shaped text in it is read as a user ID, defensively).</summary>
    public void AddPhoneField(string? value, string field)
    {
        if (value is null)
        {
            return;
        }

        if (BusinessScopedUserId.LooksLikeUserId(value))
        {
            AddUserIdField(value, field);
            return;
        }

        if (WebhookIdentities.TryPhone(value, _known, out var number))
        {
            _phone ??= number;
        }
        else
        {
            _invalid ??= $"The {field} is neither a phone number nor a business-scoped user ID.";
        }
    }

    /// <summary>A field that holds a business-scoped user ID (or a parent one).</summary>
    public void AddUserIdField(string? value, string field)
    {
        if (value is null)
        {
            return;
        }

        if (!BusinessScopedUserId.TryParse(value, out var id, out var reason))
        {
            _invalid ??= $"The {field} is not a business-scoped user ID ({reason.ToCode()}).";
            return;
        }

        if (id.IsParent)
        {
            _parentUserId ??= id;
        }
        else
        {
            _userId ??= id;
        }
    }

    /// <summary>A JSON value that should be a business-scoped user ID string.</summary>
    public void AddUserIdField(JsonElement value, string field)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return;
            case JsonValueKind.String when JsonText.StringOrNull(value) is { } text:
                AddUserIdField(text, field);
                return;
            default:
                _invalid ??= $"The {field} is not a string.";
                return;
        }
    }

    /// <summary>A field the identity cannot be read from (an identifier key this reader does not know).</summary>
    public void AddUnreadable(string problem) => _invalid ??= problem;

    /// <summary>The username shown (display only, never a key).</summary>
    public void AddUsername(string? value) => _username ??= string.IsNullOrWhiteSpace(value) ? null : JsonText.Clean(value);

    /// <summary>A JSON value that should be a username string.</summary>
    public void AddUsername(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            AddUsername(JsonText.StringOrNull(value));
        }
    }

    /// <summary>Whether any identifier is usable.</summary>
    public bool HasIdentifier => _phone is not null || _userId is not null || _parentUserId is not null;

    /// <summary>The identity, when one identifier at least is usable.</summary>
    public WhatsAppIdentity? Identity => HasIdentifier ? new WhatsAppIdentity(_phone, _userId, _parentUserId, _username) : null;

    /// <summary>Why no identity can be read, naming <paramref name="where"/> (the fields looked at).</summary>
    public (string Code, string Message) Problem(string where)
    {
        if (_invalid is not null)
        {
            return (MalformedItemCodes.IdentityInvalid, _invalid);
        }

        return (MalformedItemCodes.IdentityMissing, _username is null
            ? $"The {where} names no phone number and no business-scoped user ID."
            : $"The {where} names the person only by a username, which is display only and never identifies a person; no phone number and no business-scoped user ID came with it.");
    }
}

/// <summary>JSON text read without ever throwing for invalid UTF-8.</summary>
internal static class JsonText
{
    /// <summary>The string value, or <see langword="null"/> when the element is not a string or holds invalid UTF-8.</summary>
    public static string? StringOrNull(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Text as an event carries it, without NUL characters: JSON allows <c>\u0000</c>, but no store keeps it, and the
    /// consent ledger refuses evidence holding one, so a STOP written with one would never be applied.
    /// </summary>
    public static string? Clean(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", string.Empty, StringComparison.Ordinal) : text;

    /// <summary>A string property of an object, or <see langword="null"/>.</summary>
    public static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? StringOrNull(value) : null;

    /// <summary>A property of an object, or the default (undefined) element.</summary>
    public static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;
}
