using System.Globalization;
using System.Text.Json;
using WaCompliance.Numbers;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>Numbers in webhook bodies: E.164 strings (or a legacy MSISDN of digits) parsed with <see cref="WhatsAppNumber"/>.</summary>
internal static class WebhookNumbers
{
    public static bool TryParse(string? value, IReadOnlyDictionary<string, WhatsAppNumber> known, out WhatsAppNumber number)
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

        var trimmed = value.Trim();
        if (!trimmed.StartsWith('+'))
        {
            // Legacy MSISDNs are digits without the plus; anything else (a channel id, a BSUID) is not a number.
            if (!trimmed.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                trimmed = "+" + trimmed;
            }
            else
            {
                return false;
            }
        }

        return WhatsAppNumber.TryParse(trimmed, null, out number);
    }

    public static WhatsAppNumber? TryParseOrNull(string? value, IReadOnlyDictionary<string, WhatsAppNumber> known) =>
        TryParse(value, known, out var number) ? number : null;

    public static string? MsisdnText(JsonElement msisdn) => msisdn.ValueKind switch
    {
        JsonValueKind.String => msisdn.GetString(),
        JsonValueKind.Number when msisdn.TryGetInt64(out var digits) => digits.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
