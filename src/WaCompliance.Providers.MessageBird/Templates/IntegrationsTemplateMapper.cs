using System.Globalization;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird.Templates;

/// <summary>Maps between <see cref="MessageTemplate"/> and the Integrations API template (Meta's component shape).</summary>
internal static class IntegrationsTemplateMapper
{
    public static MessageTemplate ToTemplate(IntegrationsTemplate source)
    {
        IntegrationsComponent? Component(string type) =>
            source.Components?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase));

        var header = Component("HEADER");
        var body = Component("BODY");
        var footer = Component("FOOTER");
        var buttons = Component("BUTTONS");
        var bodyText = body?.Text ?? string.Empty;
        var named = string.Equals(source.ParameterFormat, "NAMED", StringComparison.OrdinalIgnoreCase)
            || TemplateVariableNames.In(bodyText).Any(n => !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _));

        return new MessageTemplate
        {
            Name = source.Name ?? string.Empty,
            Language = source.Language ?? string.Empty,
            Category = Category(source.Category),
            Status = Status(source.Status),
            ParameterFormat = named ? TemplateParameterFormat.Named : TemplateParameterFormat.Positional,
            Header = header is null ? null : Header(header),
            Body = bodyText,
            Footer = footer?.Text,
            Buttons = [.. (buttons?.Buttons ?? []).Select(Button)],
            BodyExamples = BodyExamples(body, named),
            CodeExpirationMinutes = footer?.CodeExpirationMinutes,
            AddSecurityRecommendation = body?.AddSecurityRecommendation ?? false,
            ProviderTemplateId = source.Id,
            StatusReason = source.RejectedReason,
            UpdatedAt = source.UpdatedAt,
        };
    }

    public static IntegrationsTemplate FromTemplate(MessageTemplate template)
    {
        var components = new List<IntegrationsComponent>();
        var authentication = template.Category == TemplateCategory.Authentication;
        if (template.Header is { } header)
        {
            components.Add(new IntegrationsComponent
            {
                Type = "HEADER",
                Format = header.Format.ToString().ToUpperInvariant(),
                Text = header.Format == TemplateHeaderFormat.Text ? header.Text : null,
                Example = header.Example is null ? null
                    : header.Format == TemplateHeaderFormat.Text ? new IntegrationsExample { HeaderText = [header.Example] }
                    : new IntegrationsExample { HeaderHandle = [header.Example] },
            });
        }

        components.Add(new IntegrationsComponent
        {
            Type = "BODY",
            Text = authentication ? null : template.Body,
            AddSecurityRecommendation = authentication ? template.AddSecurityRecommendation : null,
            Example = authentication ? null : Example(template),
        });

        if (template.Footer is not null || (authentication && template.CodeExpirationMinutes is not null))
        {
            components.Add(new IntegrationsComponent
            {
                Type = "FOOTER",
                Text = authentication ? null : template.Footer,
                CodeExpirationMinutes = authentication ? template.CodeExpirationMinutes : null,
            });
        }

        if (template.Buttons.Count > 0)
        {
            components.Add(new IntegrationsComponent { Type = "BUTTONS", Buttons = [.. template.Buttons.Select(Button)] });
        }

        return new IntegrationsTemplate
        {
            Name = template.Name,
            Language = template.Language,
            Category = template.Category.ToString().ToUpperInvariant(),
            ParameterFormat = template.ParameterFormat == TemplateParameterFormat.Named ? "NAMED" : null,
            Components = components,
        };
    }

    internal static TemplateStatus Status(string? status) => status?.ToUpperInvariant() switch
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

        // NEW, PENDING and anything unknown: not sendable until the provider says approved.
        _ => TemplateStatus.Pending,
    };

    internal static TemplateCategory Category(string? category) => category?.ToUpperInvariant() switch
    {
        "UTILITY" or "TRANSACTIONAL" or "ACCOUNT_UPDATE" or "ALERT_UPDATE" or "APPOINTMENT_UPDATE" or "PAYMENT_UPDATE"
            or "SHIPPING_UPDATE" or "RESERVATION_UPDATE" or "ISSUE_RESOLUTION" or "TICKET_UPDATE" or "TRANSPORTATION_UPDATE"
            or "PERSONAL_FINANCE_UPDATE" or "AUTO_REPLY" => TemplateCategory.Utility,
        "AUTHENTICATION" or "OTP" => TemplateCategory.Authentication,

        // MARKETING and anything unknown: the category that needs the most consent.
        _ => TemplateCategory.Marketing,
    };

    private static TemplateHeader Header(IntegrationsComponent component)
    {
        var format = component.Format?.ToUpperInvariant() switch
        {
            "IMAGE" => TemplateHeaderFormat.Image,
            "VIDEO" => TemplateHeaderFormat.Video,
            "DOCUMENT" => TemplateHeaderFormat.Document,
            "LOCATION" => TemplateHeaderFormat.Location,
            _ => TemplateHeaderFormat.Text,
        };
        var example = format == TemplateHeaderFormat.Text
            ? component.Example?.HeaderText?.FirstOrDefault()
            : component.Example?.HeaderHandle?.FirstOrDefault();
        return new TemplateHeader(format, format == TemplateHeaderFormat.Text ? component.Text : null) { Example = example };
    }

    private static TemplateButton Button(IntegrationsButton button)
    {
        var type = button.Type?.ToUpperInvariant() switch
        {
            "URL" => TemplateButtonType.Url,
            "PHONE_NUMBER" => TemplateButtonType.PhoneNumber,
            "COPY_CODE" => TemplateButtonType.CopyCode,
            "OTP" => TemplateButtonType.Otp,
            _ => TemplateButtonType.QuickReply,
        };
        return new TemplateButton(type, button.Text ?? string.Empty)
        {
            Url = button.Url,
            PhoneNumber = button.PhoneNumber,
            Example = button.Example?.FirstOrDefault(),
            OtpType = button.OtpType?.ToUpperInvariant() switch
            {
                "COPY_CODE" => OtpButtonType.CopyCode,
                "ONE_TAP" => OtpButtonType.OneTap,
                "ZERO_TAP" => OtpButtonType.ZeroTap,
                _ => null,
            },
        };
    }

    private static IntegrationsButton Button(TemplateButton button) => new()
    {
        Type = button.Type switch
        {
            TemplateButtonType.Url => "URL",
            TemplateButtonType.PhoneNumber => "PHONE_NUMBER",
            TemplateButtonType.CopyCode => "COPY_CODE",
            TemplateButtonType.Otp => "OTP",
            _ => "QUICK_REPLY",
        },
        Text = button.Text,
        Url = button.Url,
        PhoneNumber = button.PhoneNumber,
        OtpType = button.OtpType switch
        {
            OtpButtonType.CopyCode => "COPY_CODE",
            OtpButtonType.OneTap => "ONE_TAP",
            OtpButtonType.ZeroTap => "ZERO_TAP",
            _ => null,
        },
        Example = button.Example is null ? null : [button.Example],
    };

    private static IntegrationsExample? Example(MessageTemplate template)
    {
        if (template.BodyExamples is not { Count: > 0 } examples)
        {
            return null;
        }

        var names = TemplateVariableNames.In(template.Body);
        if (template.ParameterFormat == TemplateParameterFormat.Named)
        {
            return new IntegrationsExample
            {
                BodyTextNamedParams = [.. names.Where(examples.ContainsKey).Select(n => new IntegrationsNamedExample { ParamName = n, Example = examples[n] })],
            };
        }

        // Positional examples are listed by variable number: {{1}}, {{2}} ...
        var count = names.Count;
        return new IntegrationsExample
        {
            BodyText = [[.. Enumerable.Range(1, count).Select(i => examples.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out var v) ? v : string.Empty)]],
        };
    }

    private static Dictionary<string, string>? BodyExamples(IntegrationsComponent? body, bool named)
    {
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        if (named && body?.Example?.BodyTextNamedParams is { } namedExamples)
        {
            foreach (var example in namedExamples)
            {
                if (example.ParamName is { } name && example.Example is { } value)
                {
                    examples[name] = value;
                }
            }
        }
        else if (!named && body?.Example?.BodyText is [var values, ..])
        {
            for (var i = 0; i < values.Count; i++)
            {
                examples[(i + 1).ToString(CultureInfo.InvariantCulture)] = values[i];
            }
        }

        return examples.Count == 0 ? null : examples;
    }
}
