using System.Text.Json;
using static WaCompliance.Providers.MessageBird.Tests.Infrastructure.JsonCheck;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>
/// The Bird Channels API send contract (providers.md §5b; docs.bird.com Channels "Messaging", "Text", "Images",
/// "Files", WhatsApp "replyTo"): receiver + exactly one of body or template.
/// </summary>
internal static class ChannelsContract
{
    public static void Check(JsonElement root, List<string> problems)
    {
        if (!Object(root, "request", problems, ["receiver", "body", "template", "reference", "replyTo"], "receiver"))
        {
            return;
        }

        if (root.TryGetProperty("receiver", out var receiver) && Object(receiver, "receiver", problems, ["contacts"], "contacts"))
        {
            foreach (var contact in Array(receiver, "contacts", "receiver", problems, 1, 1))
            {
                if (Object(contact, "receiver.contacts[]", problems, ["identifierKey", "identifierValue"], "identifierValue"))
                {
                    // docs.bird.com "Business-Scoped User IDs": a person known only by a BSUID is addressed with the
                    // whatsappbsuid key; a phone number with phonenumber (the default).
                    var key = contact.TryGetProperty("identifierKey", out var k) ? k.GetString() : null;
                    switch (key)
                    {
                        case null or "phonenumber":
                            String(contact, "identifierValue", "receiver.contacts[]", problems, pattern: E164());
                            break;
                        case "whatsappbsuid":
                            String(contact, "identifierValue", "receiver.contacts[]", problems, pattern: Bsuid());
                            break;
                        default:
                            problems.Add("receiver.contacts[].identifierKey must be 'phonenumber' or 'whatsappbsuid'");
                            break;
                    }
                }
            }
        }

        var hasBody = root.TryGetProperty("body", out var body);
        var hasTemplate = root.TryGetProperty("template", out var template);
        if (hasBody == hasTemplate)
        {
            problems.Add("exactly one of body or template is required");
        }

        if (hasBody)
        {
            Body(body, problems);
        }

        if (hasTemplate)
        {
            Template(template, problems);
        }

        if (root.TryGetProperty("reference", out _))
        {
            String(root, "reference", "request", problems);
        }

        if (root.TryGetProperty("replyTo", out var replyTo) && Object(replyTo, "replyTo", problems, ["id", "type"], "id", "type"))
        {
            String(replyTo, "id", "replyTo", problems);
            if (String(replyTo, "type", "replyTo", problems) != "message")
            {
                problems.Add("replyTo.type must be 'message'");
            }
        }
    }

    private static void Body(JsonElement body, List<string> problems)
    {
        var type = body.ValueKind == JsonValueKind.Object ? String(body, "type", "body", problems) : null;
        switch (type)
        {
            case "text":
                Object(body, "body", problems, ["type", "text"], "text");
                if (body.TryGetProperty("text", out var text) && Object(text, "body.text", problems, ["text"], "text"))
                {
                    String(text, "text", "body.text", problems);
                }

                break;
            case "image":
                Object(body, "body", problems, ["type", "image"], "image");
                if (body.TryGetProperty("image", out var image) && Object(image, "body.image", problems, ["images", "text"], "images"))
                {
                    foreach (var item in Array(image, "images", "body.image", problems, 1, 10))
                    {
                        Object(item, "body.image.images[]", problems, ["mediaUrl", "altText"], "mediaUrl");
                        String(item, "mediaUrl", "body.image.images[]", problems, pattern: Https());
                    }

                    String(image, "text", "body.image", problems, required: false);
                }

                break;
            case "file":
                Object(body, "body", problems, ["type", "file"], "file");
                if (body.TryGetProperty("file", out var file) && Object(file, "body.file", problems, ["files", "text"], "files"))
                {
                    foreach (var item in Array(file, "files", "body.file", problems, 1, 10))
                    {
                        Object(item, "body.file.files[]", problems, ["mediaUrl", "contentType", "filename"], "mediaUrl", "contentType");
                        String(item, "mediaUrl", "body.file.files[]", problems, pattern: Https());
                        if (String(item, "contentType", "body.file.files[]", problems) is { } contentType && !contentType.Contains('/'))
                        {
                            problems.Add("body.file.files[].contentType must be a MIME type");
                        }

                        String(item, "filename", "body.file.files[]", problems, required: false);
                    }

                    String(file, "text", "body.file", problems, required: false);
                }

                break;
            default:
                problems.Add($"body.type '{type}' is not text, image or file");
                break;
        }
    }

    private static void Template(JsonElement template, List<string> problems)
    {
        if (!Object(template, "template", problems, ["projectId", "version", "name", "locale", "parameters", "attachments"], "locale"))
        {
            return;
        }

        String(template, "locale", "template", problems);
        var hasProject = template.TryGetProperty("projectId", out _);
        var hasName = template.TryGetProperty("name", out _);
        if (hasProject == hasName)
        {
            problems.Add("template needs exactly one of projectId (with version) or name");
        }

        if (hasProject)
        {
            String(template, "projectId", "template", problems);
        }

        if (template.TryGetProperty("version", out _))
        {
            if (!hasProject)
            {
                problems.Add("template.version needs template.projectId");
            }

            String(template, "version", "template", problems);
        }

        if (hasName)
        {
            String(template, "name", "template", problems, pattern: BirdStub.TemplateName());
        }

        if (template.TryGetProperty("parameters", out _))
        {
            foreach (var parameter in Array(template, "parameters", "template", problems))
            {
                if (Object(parameter, "template.parameters[]", problems, ["type", "key", "value"], "type", "key", "value"))
                {
                    if (String(parameter, "type", "template.parameters[]", problems) != "string")
                    {
                        problems.Add("template.parameters[].type must be 'string'");
                    }

                    String(parameter, "key", "template.parameters[]", problems);
                    if (!parameter.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        problems.Add("template.parameters[].value must be a string");
                    }
                }
            }
        }

        if (template.TryGetProperty("attachments", out _))
        {
            foreach (var attachment in Array(template, "attachments", "template", problems))
            {
                Object(attachment, "template.attachments[]", problems, ["mediaUrl", "filename", "inline"], "mediaUrl");
                String(attachment, "mediaUrl", "template.attachments[]", problems, pattern: Https());
            }
        }
    }
}
