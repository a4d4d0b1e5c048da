using System.Globalization;
using System.Text.Json;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Dialog360.Templates;

/// <summary>Maps Meta's template JSON (as 360dialog lists it) to <see cref="MessageTemplate"/> and writes submissions.</summary>
internal static class TemplateJson
{
    /// <summary>Reads a category (any case); <see langword="null"/> when missing or unknown.</summary>
    /// <param name="category">The category text.</param>
    /// <returns>The category.</returns>
    public static TemplateCategory? Category(string? category) => category?.ToUpperInvariant() switch
    {
        "MARKETING" => TemplateCategory.Marketing,
        "UTILITY" => TemplateCategory.Utility,
        "AUTHENTICATION" => TemplateCategory.Authentication,
        _ => null,
    };

    /// <summary>Reads a review status (any case; 360dialog's <c>submitted</c> is pending). Unknown statuses read as pending: not sendable.</summary>
    /// <param name="status">The status text.</param>
    /// <returns>The status.</returns>
    public static TemplateStatus Status(string? status) => status?.ToUpperInvariant() switch
    {
        "APPROVED" => TemplateStatus.Approved,
        "REJECTED" => TemplateStatus.Rejected,
        "PAUSED" => TemplateStatus.Paused,
        "DISABLED" => TemplateStatus.Disabled,
        "IN_APPEAL" => TemplateStatus.InAppeal,
        "PENDING_DELETION" => TemplateStatus.PendingDeletion,
        "DELETED" => TemplateStatus.Deleted,
        "LIMIT_EXCEEDED" => TemplateStatus.LimitExceeded,
        "ARCHIVED" => TemplateStatus.Archived,
        _ => TemplateStatus.Pending,
    };

    /// <summary>Reads <c>quality_score</c>: <c>{"score":"GREEN"}</c> or a bare string.</summary>
    /// <param name="quality">The element.</param>
    /// <returns>The quality.</returns>
    public static TemplateQuality Quality(JsonElement? quality)
    {
        var score = quality switch
        {
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Object } obj when obj.TryGetProperty("score"u8, out var value) && value.ValueKind == JsonValueKind.String => value.GetString(),
            _ => null,
        };
        return score?.ToUpperInvariant() switch
        {
            "GREEN" or "HIGH" => TemplateQuality.Green,
            "YELLOW" or "MEDIUM" => TemplateQuality.Yellow,
            "RED" or "LOW" => TemplateQuality.Red,
            _ => TemplateQuality.Unknown,
        };
    }

    /// <summary>Maps a listed template.</summary>
    /// <param name="dto">The template JSON.</param>
    /// <param name="problem">Why it could not be mapped.</param>
    /// <returns>The template, or <see langword="null"/>.</returns>
    public static MessageTemplate? ToTemplate(TemplateDto dto, out string? problem)
    {
        problem = null;
        if (dto is not { Name: { Length: > 0 } name, Language: { Length: > 0 } language })
        {
            problem = "a template without name or language";
            return null;
        }

        if (Category(dto.Category) is not { } category)
        {
            problem = "a template with an unknown category";
            return null;
        }

        var named = string.Equals(dto.ParameterFormat, "NAMED", StringComparison.OrdinalIgnoreCase);
        TemplateHeader? header = null;
        string body = string.Empty;
        string? footer = null;
        Dictionary<string, string>? bodyExamples = null;
        int? codeExpiration = null;
        var securityRecommendation = false;
        var buttons = new List<TemplateButton>();
        foreach (var component in dto.Components ?? [])
        {
            switch (component?.Type?.ToUpperInvariant())
            {
                case "HEADER":
                    header = Header(component);
                    break;
                case "BODY":
                    body = component.Text ?? string.Empty;
                    securityRecommendation = component.AddSecurityRecommendation ?? false;
                    bodyExamples = BodyExamples(component.Example);
                    break;
                case "FOOTER":
                    footer = component.Text;
                    codeExpiration = component.CodeExpirationMinutes;
                    break;
                case "BUTTONS":
                    foreach (var button in component.Buttons ?? [])
                    {
                        if (button is not null && Button(button) is { } mapped)
                        {
                            buttons.Add(mapped);
                        }
                    }

                    break;
            }
        }

        return new MessageTemplate
        {
            Name = name,
            Language = language,
            Category = category,
            Status = Status(dto.Status),
            Quality = Quality(dto.QualityScore),
            ParameterFormat = named ? TemplateParameterFormat.Named : TemplateParameterFormat.Positional,
            Header = header,
            Body = body,
            Footer = category == TemplateCategory.Authentication && codeExpiration is not null ? null : footer,
            Buttons = buttons,
            BodyExamples = bodyExamples,
            CodeExpirationMinutes = codeExpiration,
            AddSecurityRecommendation = securityRecommendation,
            ProviderTemplateId = Id(dto.Id),
            StatusReason = dto.RejectedReason is null or "NONE" ? null : dto.RejectedReason,
        };
    }

    /// <summary>Reads an id given as a string or a number.</summary>
    /// <param name="id">The element.</param>
    /// <returns>The id text.</returns>
    public static string? Id(JsonElement? id) => id switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };

    private static TemplateHeader? Header(TemplateComponentDto component)
    {
        TemplateHeaderFormat? format = component.Format?.ToUpperInvariant() switch
        {
            "TEXT" => TemplateHeaderFormat.Text,
            "IMAGE" => TemplateHeaderFormat.Image,
            "VIDEO" => TemplateHeaderFormat.Video,
            "DOCUMENT" => TemplateHeaderFormat.Document,
            "LOCATION" => TemplateHeaderFormat.Location,
            _ => null,
        };
        if (format is not { } known)
        {
            return null;
        }

        var example = component.Example?.HeaderText?.FirstOrDefault()
            ?? component.Example?.HeaderTextNamedParams?.FirstOrDefault()?.Example
            ?? component.Example?.HeaderHandle?.FirstOrDefault();
        return new TemplateHeader(known, known == TemplateHeaderFormat.Text ? component.Text : null) { Example = example };
    }

    private static Dictionary<string, string>? BodyExamples(TemplateExampleDto? example)
    {
        if (example?.BodyTextNamedParams is { Count: > 0 } named)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in named)
            {
                if (item is { ParamName: { } name, Example: { } value })
                {
                    values[name] = value;
                }
            }

            return values;
        }

        if (example?.BodyText is [{ Count: > 0 } positional, ..])
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < positional.Count; i++)
            {
                if (positional[i] is { } value)
                {
                    values[(i + 1).ToString(CultureInfo.InvariantCulture)] = value;
                }
            }

            return values;
        }

        return null;
    }

    private static TemplateButton? Button(TemplateButtonDto button)
    {
        TemplateButtonType? type = button.Type?.ToUpperInvariant() switch
        {
            "QUICK_REPLY" => TemplateButtonType.QuickReply,
            "URL" => TemplateButtonType.Url,
            "PHONE_NUMBER" => TemplateButtonType.PhoneNumber,
            "COPY_CODE" => TemplateButtonType.CopyCode,
            "OTP" => TemplateButtonType.Otp,
            _ => null,
        };
        if (type is not { } known)
        {
            return null;
        }

        var example = button.Example switch
        {
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 && array[0].ValueKind == JsonValueKind.String => array[0].GetString(),
            _ => null,
        };
        OtpButtonType? otp = button.OtpType?.ToUpperInvariant() switch
        {
            "COPY_CODE" => OtpButtonType.CopyCode,
            "ONE_TAP" => OtpButtonType.OneTap,
            "ZERO_TAP" => OtpButtonType.ZeroTap,
            _ => null,
        };
        return new TemplateButton(known, button.Text ?? string.Empty)
        {
            Url = button.Url,
            PhoneNumber = button.PhoneNumber,
            Example = example,
            OtpType = otp,
        };
    }

    /// <summary>
    /// Writes the create body for <c>POST /v1/configs/templates</c>: <c>{name, language, category, parameter_format?,
    /// components:[HEADER, BODY, FOOTER, BUTTONS]}</c> with the samples Meta requires for variables.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="template">The template (linted).</param>
    public static void WriteSubmission(Utf8JsonWriter writer, MessageTemplate template)
    {
        var named = template.ParameterFormat == TemplateParameterFormat.Named;
        var authentication = template.Category == TemplateCategory.Authentication;
        writer.WriteStartObject();
        writer.WriteString("name"u8, template.Name);
        writer.WriteString("language"u8, template.Language);
        writer.WriteString("category"u8, template.Category.ToString().ToUpperInvariant());
        if (named)
        {
            writer.WriteString("parameter_format"u8, "NAMED"u8);
        }

        writer.WriteStartArray("components"u8);
        if (template.Header is { } header && !authentication)
        {
            WriteHeader(writer, header, named);
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "BODY"u8);
        if (authentication)
        {
            writer.WriteBoolean("add_security_recommendation"u8, template.AddSecurityRecommendation);
        }
        else
        {
            writer.WriteString("text"u8, template.Body);
            WriteBodyExamples(writer, template, named);
        }

        writer.WriteEndObject();
        if (authentication && template.CodeExpirationMinutes is { } minutes)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "FOOTER"u8);
            writer.WriteNumber("code_expiration_minutes"u8, minutes);
            writer.WriteEndObject();
        }
        else if (!authentication && template.Footer is { } footer)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "FOOTER"u8);
            writer.WriteString("text"u8, footer);
            writer.WriteEndObject();
        }

        if (template.Buttons.Count > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "BUTTONS"u8);
            writer.WriteStartArray("buttons"u8);
            foreach (var button in template.Buttons)
            {
                WriteButton(writer, button);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter writer, TemplateHeader header, bool named)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "HEADER"u8);
        writer.WriteString("format"u8, header.Format.ToString().ToUpperInvariant());
        if (header.Format == TemplateHeaderFormat.Text)
        {
            writer.WriteString("text"u8, header.Text ?? string.Empty);
            if (header.Example is { } sample && header.Text?.Contains("{{", StringComparison.Ordinal) == true)
            {
                writer.WriteStartObject("example"u8);
                if (named)
                {
                    writer.WriteStartArray("header_text_named_params"u8);
                    writer.WriteStartObject();
                    writer.WriteString("param_name"u8, VariableName(header.Text));
                    writer.WriteString("example"u8, sample);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteStartArray("header_text"u8);
                    writer.WriteStringValue(sample);
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }
        }
        else if (header.Format != TemplateHeaderFormat.Location && header.Example is { } handle)
        {
            writer.WriteStartObject("example"u8);
            writer.WriteStartArray("header_handle"u8);
            writer.WriteStringValue(handle);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteBodyExamples(Utf8JsonWriter writer, MessageTemplate template, bool named)
    {
        if (template.BodyExamples is not { Count: > 0 } examples)
        {
            return;
        }

        writer.WriteStartObject("example"u8);
        if (named)
        {
            writer.WriteStartArray("body_text_named_params"u8);
            foreach (var (name, value) in examples)
            {
                writer.WriteStartObject();
                writer.WriteString("param_name"u8, name);
                writer.WriteString("example"u8, value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStartArray("body_text"u8);
            writer.WriteStartArray();
            foreach (var (_, value) in examples
                .Select(pair => (Position: int.TryParse(pair.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : int.MaxValue, pair.Value))
                .OrderBy(pair => pair.Position))
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteButton(Utf8JsonWriter writer, TemplateButton button)
    {
        writer.WriteStartObject();
        switch (button.Type)
        {
            case TemplateButtonType.QuickReply:
                writer.WriteString("type"u8, "QUICK_REPLY"u8);
                writer.WriteString("text"u8, button.Text);
                break;
            case TemplateButtonType.Url:
                writer.WriteString("type"u8, "URL"u8);
                writer.WriteString("text"u8, button.Text);
                writer.WriteString("url"u8, button.Url ?? string.Empty);
                if (button.Example is { } sample && button.Url?.Contains("{{", StringComparison.Ordinal) == true)
                {
                    writer.WriteStartArray("example"u8);
                    writer.WriteStringValue(sample);
                    writer.WriteEndArray();
                }

                break;
            case TemplateButtonType.PhoneNumber:
                writer.WriteString("type"u8, "PHONE_NUMBER"u8);
                writer.WriteString("text"u8, button.Text);
                writer.WriteString("phone_number"u8, button.PhoneNumber ?? string.Empty);
                break;
            case TemplateButtonType.CopyCode:
                writer.WriteString("type"u8, "COPY_CODE"u8);
                writer.WriteString("example"u8, button.Example ?? string.Empty);
                break;
            case TemplateButtonType.Otp:
                writer.WriteString("type"u8, "OTP"u8);
                writer.WriteString("otp_type"u8, (button.OtpType ?? OtpButtonType.CopyCode) switch
                {
                    OtpButtonType.OneTap => "ONE_TAP",
                    OtpButtonType.ZeroTap => "ZERO_TAP",
                    _ => "COPY_CODE",
                });
                if (button.Text.Length > 0)
                {
                    writer.WriteString("text"u8, button.Text);
                }

                break;
        }

        writer.WriteEndObject();
    }

    private static string VariableName(string text)
    {
        var start = text.IndexOf("{{", StringComparison.Ordinal);
        var end = start < 0 ? -1 : text.IndexOf("}}", start, StringComparison.Ordinal);
        return start < 0 || end < 0 ? string.Empty : text[(start + 2)..end].Trim();
    }
}
