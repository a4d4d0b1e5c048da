using System.Text.Json;
using static WaCompliance.Providers.MessageBird.Tests.Infrastructure.JsonCheck;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>
/// The legacy Conversations API <c>POST /v1/send</c> contract (providers.md §5a; messagebird/csharp-rest-api
/// Content.cs, MediaContent.cs, HsmContent.cs): to, from (channel id), type and the matching content.
/// </summary>
internal static class LegacyContract
{
    private static readonly string[] s_types = ["text", "image", "video", "audio", "file", "hsm"];

    public static void Check(JsonElement root, List<string> problems)
    {
        if (!Object(root, "request", problems, ["to", "from", "type", "content", "reportUrl"], "to", "from", "type", "content"))
        {
            return;
        }

        String(root, "to", "request", problems, pattern: E164());
        if (String(root, "from", "request", problems) != BirdStub.LegacyChannelId)
        {
            problems.Add("from must be the channel id");
        }

        var type = String(root, "type", "request", problems);
        if (type is null || !s_types.Contains(type))
        {
            problems.Add($"type '{type}' is not one of {string.Join(", ", s_types)}");
            return;
        }

        if (!root.TryGetProperty("content", out var content) || !Object(content, "content", problems, [type], type))
        {
            return;
        }

        switch (type)
        {
            case "text":
                String(content, "text", "content", problems);
                break;
            case "hsm":
                Hsm(content.GetProperty("hsm"), problems);
                break;
            default:
                var media = content.GetProperty(type);
                if (Object(media, $"content.{type}", problems, type == "audio" ? ["url"] : ["url", "caption"], "url"))
                {
                    String(media, "url", $"content.{type}", problems, pattern: Https());
                    String(media, "caption", $"content.{type}", problems, required: false);
                }

                break;
        }
    }

    private static void Hsm(JsonElement hsm, List<string> problems)
    {
        if (!Object(hsm, "content.hsm", problems, ["namespace", "templateName", "language", "params", "components"], "namespace", "templateName", "language"))
        {
            return;
        }

        if (String(hsm, "namespace", "content.hsm", problems) != BirdStub.TemplateNamespace)
        {
            problems.Add("content.hsm.namespace must be the account's template namespace");
        }

        String(hsm, "templateName", "content.hsm", problems, pattern: BirdStub.TemplateName());
        if (hsm.TryGetProperty("language", out var language) && Object(language, "content.hsm.language", problems, ["policy", "code"], "policy", "code"))
        {
            if (String(language, "policy", "content.hsm.language", problems) is not ("deterministic" or "fallback"))
            {
                problems.Add("content.hsm.language.policy must be deterministic or fallback");
            }

            String(language, "code", "content.hsm.language", problems);
        }

        var hasParams = hsm.TryGetProperty("params", out _);
        var hasComponents = hsm.TryGetProperty("components", out _);
        if (hasParams && hasComponents)
        {
            problems.Add("content.hsm takes params or components, not both");
        }

        if (hasParams)
        {
            foreach (var parameter in Array(hsm, "params", "content.hsm", problems))
            {
                if (Object(parameter, "content.hsm.params[]", problems, ["default", "currency", "dateTime"], "default"))
                {
                    String(parameter, "default", "content.hsm.params[]", problems);
                }
            }
        }

        if (hasComponents)
        {
            foreach (var component in Array(hsm, "components", "content.hsm", problems))
            {
                Component(component, problems);
            }
        }
    }

    private static void Component(JsonElement component, List<string> problems)
    {
        const string Where = "content.hsm.components[]";
        if (!Object(component, Where, problems, ["type", "sub_type", "index", "parameters"], "type", "parameters"))
        {
            return;
        }

        var type = String(component, "type", Where, problems);
        if (type is not ("header" or "body" or "button"))
        {
            problems.Add($"{Where}.type '{type}' is not header, body or button");
        }

        if (type == "button")
        {
            if (String(component, "sub_type", Where, problems) is not ("url" or "quick_reply" or "copy_code"))
            {
                problems.Add($"{Where}.sub_type must be url, quick_reply or copy_code");
            }

            if (!component.TryGetProperty("index", out var index) || index.ValueKind != JsonValueKind.Number)
            {
                problems.Add($"{Where}.index must be a number");
            }
        }

        foreach (var parameter in Array(component, "parameters", Where, problems))
        {
            var parameterType = parameter.ValueKind == JsonValueKind.Object ? String(parameter, "type", $"{Where}.parameters[]", problems) : null;
            switch (parameterType)
            {
                case "text":
                    Object(parameter, $"{Where}.parameters[]", problems, ["type", "text"], "text");
                    String(parameter, "text", $"{Where}.parameters[]", problems);
                    break;
                case "coupon_code":
                    Object(parameter, $"{Where}.parameters[]", problems, ["type", "coupon_code"], "coupon_code");
                    break;
                case "image" or "video" or "document":
                    Object(parameter, $"{Where}.parameters[]", problems, ["type", parameterType], parameterType);
                    if (parameter.TryGetProperty(parameterType, out var media) && Object(media, $"{Where}.parameters[].{parameterType}", problems, ["url"], "url"))
                    {
                        String(media, "url", $"{Where}.parameters[].{parameterType}", problems, pattern: Https());
                    }

                    break;
                default:
                    problems.Add($"{Where}.parameters[].type '{parameterType}' is not text, coupon_code, image, video or document");
                    break;
            }
        }
    }
}
