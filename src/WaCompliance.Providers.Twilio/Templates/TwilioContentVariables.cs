using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Templates;

/// <summary>Builds the <c>ContentVariables</c> JSON (an object of strings) for a template send.</summary>
internal static class TwilioContentVariables
{
    private static readonly string[] s_numbers = [.. Enumerable.Range(0, 33).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>
    /// The JSON for a template's values, <see langword="null"/> when it has none, or the error that refuses the send
    /// (values that have no place in the Twilio content).
    /// </summary>
    public static string? Build(MessageTemplate template, TemplateContent content, out ProviderError? error)
    {
        error = null;
        var parameters = content.Parameters;
        var layout = TwilioTemplateLayout.Of(template);
        var buffer = new ArrayBufferWriter<byte>(256);
        var count = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (parameters.Format == TemplateParameterFormat.Named)
            {
                foreach (var pair in parameters.NamedValues)
                {
                    writer.WriteString(pair.Key, pair.Value);
                    count++;
                }
            }
            else
            {
                for (var i = 0; i < parameters.PositionalValues.Count; i++)
                {
                    writer.WriteString(Number(i + 1), parameters.PositionalValues[i]);
                    count++;
                }
            }

            if (parameters.HeaderText is { } headerValue)
            {
                if (layout.HeaderKey is null)
                {
                    error = Mismatch("a header value was given but the template header has no variable");
                    return null;
                }

                writer.WriteString(layout.HeaderKey, headerValue);
                count++;
            }

            if (content.HeaderMediaUrl is { } mediaUrl)
            {
                var url = mediaUrl.AbsoluteUri;
                if (layout.MediaKey is { } mediaKey)
                {
                    if (!url.StartsWith(layout.MediaPrefix!, StringComparison.Ordinal) || url.Length == layout.MediaPrefix!.Length)
                    {
                        error = Invalid("the header media URL must start with the fixed part of the Twilio content's media URL");
                        return null;
                    }

                    writer.WriteString(mediaKey, url.AsSpan(layout.MediaPrefix.Length));
                    count++;
                }
                else if (template.Header is not { Format: TemplateHeaderFormat.Image or TemplateHeaderFormat.Video or TemplateHeaderFormat.Document }
                    || !string.Equals(template.Header.Example, url, StringComparison.Ordinal))
                {
                    error = Invalid("the Twilio content has a fixed media URL (or none); a different header media URL cannot be sent");
                    return null;
                }
            }

            for (var i = 0; i < parameters.ButtonValues.Count; i++)
            {
                if (parameters.ButtonValues[i] is not { } value
                    || (i < template.Buttons.Count && template.Buttons[i].Type == TemplateButtonType.Otp))
                {
                    // The one-time code of an authentication template travels in the body variable.
                    continue;
                }

                if (i >= layout.ButtonKeys.Length || layout.ButtonKeys[i] is not { } key)
                {
                    error = Mismatch(string.Create(CultureInfo.InvariantCulture, $"a value was given for button {i} but that button has no variable"));
                    return null;
                }

                writer.WriteString(key, value);
                count++;
            }

            writer.WriteEndObject();
        }

        return count == 0 ? null : Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Number(int n) => n < s_numbers.Length ? s_numbers[n] : n.ToString(CultureInfo.InvariantCulture);

    private static ProviderError Mismatch(string why) =>
        new(ProviderErrorKind.TemplateParameterMismatch, null, $"Not sent: {why}.");

    private static ProviderError Invalid(string why) =>
        new(ProviderErrorKind.InvalidRequest, null, $"Not sent: {why}.");
}
