using System.Text.Json;
using System.Text.RegularExpressions;
using WaCompliance.Providers.Dialog360.Tests.Specs;

namespace WaCompliance.Providers.Dialog360.Tests.Infrastructure;

/// <summary>
/// What a 360dialog <c>POST /messages</c> body must be: valid against Meta's request schema
/// (<see cref="MetaSendMessageSchema"/>), plus the documented rules the schema leaves open: the parameter shapes of
/// template components (the spec types <c>parameters</c> as an untyped array), media <c>caption</c>/<c>filename</c>
/// (missing from the spec's <c>MediaObject</c>), the <c>to</c> and <c>recipient</c> formats, and button limits.
/// </summary>
public static partial class MessageContract
{
    /// <summary>Checks a body.</summary>
    /// <param name="body">The JSON text.</param>
    /// <returns>The violations (empty when the body fits).</returns>
    public static IReadOnlyList<string> Check(string body)
    {
        var problems = new List<string>();
        foreach (var error in MetaSendMessageSchema.Validate(body))
        {
            problems.Add("schema: " + error);
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Expect(problems, String(root, "messaging_product") == "whatsapp", "messaging_product must be \"whatsapp\"");
        Expect(problems, String(root, "recipient_type") == "individual", "recipient_type must be \"individual\"");
        // identities.md §4: a phone goes in 'to' (digits), a business-scoped user ID in 'recipient'; never both (Meta
        // takes 'to' when both are sent, so the user ID would be ignored).
        var hasTo = root.TryGetProperty("to", out _);
        var hasRecipient = root.TryGetProperty("recipient", out _);
        Expect(problems, hasTo != hasRecipient, "exactly one of 'to' and 'recipient' must be sent");
        if (hasTo)
        {
            Expect(problems, String(root, "to") is { } to && Digits().IsMatch(to), "to must be the recipient's digits without '+'");
        }

        if (hasRecipient)
        {
            Expect(problems, String(root, "recipient") is { } recipient && UserId().IsMatch(recipient), "recipient must be a business-scoped user ID (CC.… or CC.ENT.…)");
        }
        if (root.TryGetProperty("context", out var context))
        {
            Expect(problems, String(context, "message_id") is { Length: > 0 }, "context.message_id must be a non-empty string");
        }

        var type = String(root, "type");
        switch (type)
        {
            case "text":
                var text = root.GetProperty("text");
                Expect(problems, String(text, "body") is { Length: > 0 and <= 4096 }, "text.body is required (1 to 4096 characters)");
                Expect(problems, !text.TryGetProperty("preview_url", out var preview) || preview.ValueKind is JsonValueKind.True or JsonValueKind.False, "text.preview_url must be a boolean");
                break;
            case "image" or "video" or "document" or "audio":
                CheckMedia(problems, root.GetProperty(type), type);
                break;
            case "template":
                CheckTemplate(problems, root.GetProperty("template"));
                break;
            case "interactive":
                CheckInteractive(problems, root.GetProperty("interactive"));
                break;
            default:
                problems.Add($"type '{type}' is not one the gateway should send");
                break;
        }

        return problems;
    }

    private static void CheckMedia(List<string> problems, JsonElement media, string type)
    {
        Expect(problems, String(media, "link") is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http", $"{type}.link must be an absolute HTTP(S) URL");
        Expect(problems, !media.TryGetProperty("id", out _), $"{type} must carry a link, not an id");
        foreach (var property in media.EnumerateObject())
        {
            var allowed = property.Name switch
            {
                "link" => true,
                "caption" => type != "audio",
                "filename" => type == "document",
                _ => false,
            };
            Expect(problems, allowed, $"{type}.{property.Name} is not allowed");
            Expect(problems, property.Value.ValueKind == JsonValueKind.String, $"{type}.{property.Name} must be a string");
        }
    }

    private static void CheckTemplate(List<string> problems, JsonElement template)
    {
        Expect(problems, String(template, "name") is { Length: > 0 }, "template.name is required");
        Expect(problems, template.TryGetProperty("language", out var language) && String(language, "code") is { Length: > 0 }, "template.language.code is required");
        if (!template.TryGetProperty("components", out var components))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in components.EnumerateArray())
        {
            var type = String(component, "type");
            Expect(problems, component.TryGetProperty("parameters", out var parameters) && parameters.GetArrayLength() > 0, $"{type} component needs parameters");
            if (parameters.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            switch (type)
            {
                case "header":
                    Expect(problems, seen.Add("header"), "one header component at most");
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        CheckParameter(problems, parameter, "header", ["text", "image", "video", "document"]);
                    }

                    break;
                case "body":
                    Expect(problems, seen.Add("body"), "one body component at most");
                    var namedCount = 0;
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        CheckParameter(problems, parameter, "body", ["text"]);
                        namedCount += parameter.TryGetProperty("parameter_name", out _) ? 1 : 0;
                    }

                    Expect(problems, namedCount == 0 || namedCount == parameters.GetArrayLength(), "body parameters are all named or all positional");
                    break;
                case "button":
                    var subType = String(component, "sub_type");
                    var index = String(component, "index");
                    Expect(problems, index is { } i && Regex.IsMatch(i, "^[0-9]$") && seen.Add("button" + i), "button index must be a unique digit string");
                    Expect(problems, parameters.GetArrayLength() == 1, "a button component has one parameter");
                    var first = parameters[0];
                    switch (subType)
                    {
                        case "url":
                            Expect(problems, String(first, "type") == "text" && String(first, "text") is { Length: > 0 }, "url button parameter is {type:text, text}");
                            break;
                        case "copy_code":
                            Expect(problems, String(first, "type") == "coupon_code" && String(first, "coupon_code") is { Length: > 0 and <= 15 }, "copy_code button parameter is {type:coupon_code, coupon_code (at most 15)}");
                            break;
                        case "quick_reply":
                            Expect(problems, String(first, "type") == "payload" && String(first, "payload") is { Length: > 0 }, "quick_reply button parameter is {type:payload, payload}");
                            break;
                        default:
                            problems.Add($"button sub_type '{subType}' is not one the gateway sends");
                            break;
                    }

                    break;
                default:
                    problems.Add($"component type '{type}' is unknown");
                    break;
            }
        }
    }

    private static void CheckParameter(List<string> problems, JsonElement parameter, string component, string[] types)
    {
        var type = String(parameter, "type");
        Expect(problems, type is not null && types.Contains(type), $"{component} parameter type '{type}' is not allowed");
        if (type == "text")
        {
            Expect(problems, String(parameter, "text") is { Length: > 0 }, $"{component} text parameter needs text");
            Expect(problems, !parameter.TryGetProperty("parameter_name", out var name) || (name.ValueKind == JsonValueKind.String && NamedParameter().IsMatch(name.GetString()!)),
                $"{component} parameter_name must be lower-case letters, digits and underscores");
            foreach (var property in parameter.EnumerateObject())
            {
                Expect(problems, property.Name is "type" or "text" or "parameter_name", $"{component} text parameter has unknown field {property.Name}");
            }
        }
        else if (type is "image" or "video" or "document")
        {
            Expect(problems, parameter.TryGetProperty(type, out var media) && String(media, "link") is { } link && Uri.IsWellFormedUriString(link, UriKind.Absolute),
                $"{component} {type} parameter needs {type}.link");
            Expect(problems, !media.TryGetProperty("caption", out _), $"{component} media takes no caption");
        }
    }

    private static void CheckInteractive(List<string> problems, JsonElement interactive)
    {
        Expect(problems, String(interactive, "type") == "button", "interactive.type must be button");
        Expect(problems, interactive.TryGetProperty("body", out var body) && String(body, "text") is { Length: > 0 and <= 1024 }, "interactive.body.text is required (at most 1024)");
        var buttons = interactive.GetProperty("action").GetProperty("buttons");
        Expect(problems, buttons.GetArrayLength() is >= 1 and <= 3, "1 to 3 reply buttons");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var button in buttons.EnumerateArray())
        {
            var reply = button.GetProperty("reply");
            Expect(problems, String(button, "type") == "reply", "button type must be reply");
            Expect(problems, String(reply, "id") is { Length: > 0 and <= 256 } id && ids.Add(id), "reply.id must be unique, 1 to 256 characters");
            Expect(problems, String(reply, "title") is { Length: > 0 and <= 20 }, "reply.title must be 1 to 20 characters");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    [GeneratedRegex("^[1-9][0-9]{6,14}$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^[A-Z]{2}(\.ENT)?\.[A-Za-z0-9]{1,128}$")]
    private static partial Regex UserId();

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex NamedParameter();
}
