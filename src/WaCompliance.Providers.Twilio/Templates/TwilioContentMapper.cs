using System.Text.Json;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Templates;

/// <summary>Converts between Twilio Content resources and <see cref="MessageTemplate"/>.</summary>
internal static class TwilioContentMapper
{
    /// <summary>Twilio approval status → template status. Lower-case in Twilio; unknown values are treated as pending.</summary>
    public static TemplateStatus MapStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "approved" => TemplateStatus.Approved,
        "rejected" => TemplateStatus.Rejected,
        "paused" => TemplateStatus.Paused,
        "disabled" => TemplateStatus.Disabled,
        "deleted" => TemplateStatus.Deleted,
        _ => TemplateStatus.Pending,
    };

    /// <summary>
    /// Twilio/WhatsApp category → template category. Legacy <c>TRANSACTIONAL</c> is utility; anything unknown is
    /// treated as marketing, the category with the strictest consent rules.
    /// </summary>
    public static TemplateCategory MapCategory(string? category) => category?.ToUpperInvariant() switch
    {
        "UTILITY" or "TRANSACTIONAL" => TemplateCategory.Utility,
        "AUTHENTICATION" or "OTP" => TemplateCategory.Authentication,
        _ => TemplateCategory.Marketing,
    };

    public static string CategoryName(TemplateCategory category) => category switch
    {
        TemplateCategory.Utility => "UTILITY",
        TemplateCategory.Authentication => "AUTHENTICATION",
        _ => "MARKETING",
    };

    /// <summary>The WhatsApp approval of a listed content: <c>approval_requests</c> is the approval itself or holds it under <c>whatsapp</c>.</summary>
    public static WhatsAppApproval? Approval(ContentResource content)
    {
        if (content.ApprovalRequests is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        if (element.TryGetProperty("whatsapp", out var nested) && nested.ValueKind == JsonValueKind.Object)
        {
            element = nested;
        }

        return element.Deserialize(ContentJsonContext.Default.WhatsAppApproval);
    }

    /// <summary>
    /// The template a listed content stands for, or <see langword="null"/> for content never submitted to WhatsApp
    /// (no approval name and status <c>unsubmitted</c>), which is not a WhatsApp template.
    /// </summary>
    public static MessageTemplate? ToTemplate(ContentResource content, WhatsAppApproval? approval)
    {
        if (string.IsNullOrEmpty(content.Sid) || string.IsNullOrEmpty(content.Language))
        {
            return null;
        }

        var submitted = approval is not null
            && (!string.IsNullOrEmpty(approval.Name) || approval.Status is { Length: > 0 } s && !string.Equals(s, "unsubmitted", StringComparison.OrdinalIgnoreCase));
        if (!submitted)
        {
            return null;
        }

        var name = string.IsNullOrEmpty(approval!.Name) ? content.FriendlyName : approval.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in content.Variables ?? [])
        {
            variables[pair.Key] = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText();
        }

        var template = new MessageTemplate
        {
            Name = name,
            Language = content.Language,
            Category = MapCategory(approval.Category),
            Status = MapStatus(approval.Status),
            StatusReason = string.IsNullOrEmpty(approval.RejectionReason) ? null : approval.RejectionReason,
            ProviderTemplateId = content.Sid,
            UpdatedAt = content.DateUpdated,
            ParameterFormat = variables.Count > 0 && !variables.Keys.All(k => k.All(char.IsAsciiDigit))
                ? TemplateParameterFormat.Named
                : TemplateParameterFormat.Positional,
            BodyExamples = variables.Count > 0 ? variables : null,
            Body = string.Empty,
        };
        return WithComponents(template, content.Types);
    }

    private static MessageTemplate WithComponents(MessageTemplate template, Dictionary<string, JsonElement>? types)
    {
        if (types is null)
        {
            return template;
        }

        if (types.TryGetValue("whatsapp/authentication", out var auth) && auth.ValueKind == JsonValueKind.Object)
        {
            var copyText = FirstAction(auth, "copy_code_text") ?? "Copy code";
            return template with
            {
                Category = TemplateCategory.Authentication,
                Body = "{{1}} is your verification code.",
                AddSecurityRecommendation = auth.TryGetProperty("add_security_recommendation", out var add) && add.ValueKind == JsonValueKind.True,
                CodeExpirationMinutes = auth.TryGetProperty("code_expiration_minutes", out var minutes) && minutes.TryGetInt32(out var m) ? m : null,
                Buttons = [new TemplateButton(TemplateButtonType.Otp, copyText) { OtpType = OtpButtonType.CopyCode }],
            };
        }

        foreach (var type in (string[])["whatsapp/card", "twilio/call-to-action", "twilio/quick-reply", "twilio/media", "twilio/text"])
        {
            if (!types.TryGetValue(type, out var element) || element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var body = String(element, "body") ?? string.Empty;
            var media = element.TryGetProperty("media", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                ? list[0].GetString()
                : null;
            TemplateHeader? header = String(element, "header_text") is { } headerText
                ? new TemplateHeader(TemplateHeaderFormat.Text, headerText)
                : media is not null ? new TemplateHeader(MediaFormat(media)) { Example = media } : null;
            return template with
            {
                Body = body,
                Header = header,
                Footer = String(element, "footer"),
                Buttons = Buttons(element),
            };
        }

        return template;
    }

    private static List<TemplateButton> Buttons(JsonElement element)
    {
        var buttons = new List<TemplateButton>();
        if (!element.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
        {
            return buttons;
        }

        foreach (var action in actions.EnumerateArray())
        {
            if (action.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var title = String(action, "title") ?? string.Empty;
            var button = (String(action, "type") ?? "QUICK_REPLY").ToUpperInvariant() switch
            {
                "QUICK_REPLY" => new TemplateButton(TemplateButtonType.QuickReply, title),
                "URL" => new TemplateButton(TemplateButtonType.Url, title) { Url = String(action, "url") },
                "PHONE_NUMBER" or "PHONE" => new TemplateButton(TemplateButtonType.PhoneNumber, title) { PhoneNumber = String(action, "phone") },
                "COPY_CODE" => new TemplateButton(TemplateButtonType.CopyCode, title) { Example = String(action, "code") },
                _ => null,
            };
            if (button is not null)
            {
                buttons.Add(button);
            }
        }

        return buttons;
    }

    /// <summary>The Content API request that creates a template (after lint).</summary>
    public static ContentCreateRequest ToCreateRequest(MessageTemplate template)
    {
        var layout = TwilioTemplateLayout.Of(template);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in template.BodyExamples ?? new Dictionary<string, string>())
        {
            variables[pair.Key] = pair.Value;
        }

        if (layout.HeaderKey is { } headerKey && template.Header?.Example is { } headerExample)
        {
            variables[headerKey] = headerExample;
        }

        for (var i = 0; i < template.Buttons.Count; i++)
        {
            if (layout.ButtonKeys[i] is { } key && template.Buttons[i].Type == TemplateButtonType.Url && template.Buttons[i].Example is { } example)
            {
                variables[key] = example;
            }
        }

        return new ContentCreateRequest
        {
            FriendlyName = template.Name,
            Language = template.Language,
            Variables = variables.Count > 0 ? variables : null,
            Types = Types(template, layout),
        };
    }

    private static ContentTypes Types(MessageTemplate template, TwilioTemplateLayout layout)
    {
        if (template.Category == TemplateCategory.Authentication)
        {
            var otp = template.Buttons.FirstOrDefault(b => b.Type is TemplateButtonType.Otp or TemplateButtonType.CopyCode);
            return new ContentTypes
            {
                Authentication = new WhatsAppAuthenticationType
                {
                    AddSecurityRecommendation = template.AddSecurityRecommendation,
                    CodeExpirationMinutes = template.CodeExpirationMinutes,
                    Actions = [new AuthenticationAction { Type = "COPY_CODE", CopyCodeText = otp?.Text ?? "Copy code" }],
                },
            };
        }

        var actions = new List<ContentAction>(template.Buttons.Count);
        for (var i = 0; i < template.Buttons.Count; i++)
        {
            var button = template.Buttons[i];
            actions.Add(button.Type switch
            {
                TemplateButtonType.QuickReply => new ContentAction { Type = "QUICK_REPLY", Title = button.Text, Id = button.Text },
                TemplateButtonType.Url => new ContentAction { Type = "URL", Title = button.Text, Url = layout.ButtonTexts[i] ?? button.Url },
                TemplateButtonType.PhoneNumber => new ContentAction { Type = "PHONE_NUMBER", Title = button.Text, Phone = button.PhoneNumber },
                _ => new ContentAction { Type = "COPY_CODE", Title = button.Text, Code = layout.ButtonTexts[i] ?? button.Example },
            });
        }

        var mediaHeader = template.Header is { Format: TemplateHeaderFormat.Image or TemplateHeaderFormat.Video or TemplateHeaderFormat.Document, Example: { } url }
            ? url
            : null;
        var quickRepliesOnly = actions.Count > 0 && actions.All(a => a.Type == "QUICK_REPLY");
        var callsToActionOnly = actions.Count > 0 && actions.All(a => a.Type != "QUICK_REPLY");

        if (template.Header is null && template.Footer is null)
        {
            if (quickRepliesOnly)
            {
                return new ContentTypes { QuickReply = new TwilioQuickReplyType { Body = template.Body, Actions = actions } };
            }

            if (callsToActionOnly)
            {
                return new ContentTypes { CallToAction = new TwilioCallToActionType { Body = template.Body, Actions = actions } };
            }

            if (actions.Count == 0)
            {
                return new ContentTypes { Text = new TwilioTextType { Body = template.Body } };
            }
        }

        if (mediaHeader is not null && template.Footer is null && actions.Count == 0)
        {
            return new ContentTypes { Media = new TwilioMediaType { Body = template.Body, Media = [mediaHeader] } };
        }

        return new ContentTypes
        {
            Card = new WhatsAppCardType
            {
                Body = template.Body,
                Footer = template.Footer,
                HeaderText = template.Header is { Format: TemplateHeaderFormat.Text } ? layout.HeaderText ?? template.Header.Text : null,
                Media = mediaHeader is null ? null : [mediaHeader],
                Actions = actions.Count > 0 ? actions : null,
            },
        };
    }

    private static TemplateHeaderFormat MediaFormat(string url)
    {
        var path = url.Split('?', '#')[0];
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".mp4" or ".3gp" or ".3gpp" or ".mov" => TemplateHeaderFormat.Video,
            ".pdf" or ".doc" or ".docx" or ".xls" or ".xlsx" or ".ppt" or ".pptx" or ".txt" => TemplateHeaderFormat.Document,
            _ => TemplateHeaderFormat.Image,
        };
    }

    private static string? FirstAction(JsonElement element, string property)
    {
        if (element.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array)
        {
            foreach (var action in actions.EnumerateArray())
            {
                if (String(action, property) is { } value)
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
