using System.Text.Json;
using static WaCompliance.Providers.MessageBird.Tests.Infrastructure.JsonCheck;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>
/// The legacy Integrations API template creation contract (providers.md §5a): name, language, category and Meta-style
/// components (HEADER, BODY, FOOTER, BUTTONS).
/// </summary>
internal static class IntegrationsContract
{
    public static void CheckCreate(JsonElement root, List<string> problems)
    {
        if (!Object(root, "template", problems, ["name", "language", "category", "components", "parameter_format"], "name", "language", "category", "components"))
        {
            return;
        }

        String(root, "name", "template", problems, pattern: BirdStub.TemplateName());
        String(root, "language", "template", problems);
        if (String(root, "category", "template", problems) is not ("MARKETING" or "UTILITY" or "AUTHENTICATION"))
        {
            problems.Add("template.category must be MARKETING, UTILITY or AUTHENTICATION");
        }

        var types = new List<string?>();
        foreach (var component in Array(root, "components", "template", problems))
        {
            if (!Object(component, "components[]", problems,
                ["type", "format", "text", "example", "buttons", "add_security_recommendation", "code_expiration_minutes"], "type"))
            {
                continue;
            }

            var type = String(component, "type", "components[]", problems);
            types.Add(type);
            switch (type)
            {
                case "HEADER":
                    if (String(component, "format", "components[]", problems) is not ("TEXT" or "IMAGE" or "VIDEO" or "DOCUMENT" or "LOCATION"))
                    {
                        problems.Add("HEADER.format must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION");
                    }

                    break;
                case "BODY":
                    if (String(root, "category", "template", problems) != "AUTHENTICATION")
                    {
                        String(component, "text", "BODY", problems);
                    }

                    if (component.TryGetProperty("example", out var example))
                    {
                        Object(example, "BODY.example", problems, ["body_text", "body_text_named_params"]);
                    }

                    break;
                case "FOOTER":
                    break;
                case "BUTTONS":
                    foreach (var button in Array(component, "buttons", "BUTTONS", problems, 1, 10))
                    {
                        Object(button, "BUTTONS.buttons[]", problems, ["type", "text", "url", "phone_number", "otp_type", "example"], "type");
                        if (String(button, "type", "BUTTONS.buttons[]", problems) is not ("QUICK_REPLY" or "URL" or "PHONE_NUMBER" or "COPY_CODE" or "OTP"))
                        {
                            problems.Add("BUTTONS.buttons[].type is not a WhatsApp button type");
                        }
                    }

                    break;
                default:
                    problems.Add($"components[].type '{type}' is not HEADER, BODY, FOOTER or BUTTONS");
                    break;
            }
        }

        if (types.Count(t => t == "BODY") != 1)
        {
            problems.Add("exactly one BODY component is required");
        }
    }
}
