using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace WaCompliance.Providers.Dialog360.Tests.Specs;

/// <summary>
/// The request-body schema of Meta's <c>POST /{Version}/{Phone-Number-ID}/messages</c> (operation <c>sendMessage</c>),
/// loaded from the unmodified OpenAPI 3.1 file <c>Specs/meta_business-messaging-api_v23.0.yaml</c> (facebook/openapi,
/// commit ecba623b4aba). 360dialog's <c>POST /messages</c> takes the same body.
/// </summary>
/// <remarks>
/// <para>
/// The schema is the operation's <c>requestBody</c> schema and every component schema it references, evaluated as
/// JSON Schema 2020-12 (OpenAPI 3.1's dialect; OpenAPI's own keywords <c>discriminator</c> and <c>example</c> are
/// annotations and do not change validation).
/// </para>
/// <para>
/// Three defects of the published file make it reject bodies Meta documents and accepts; each is corrected in memory
/// (the file itself is unchanged), and <c>MetaSchemaTests</c> proves each correction is needed:
/// </para>
/// <list type="number">
/// <item><see cref="Correction.AllOfClosedBranch"/>: message schemas are <c>allOf: [BaseMessageProperties, {additionalProperties: false, ...}]</c>.
/// In JSON Schema, <c>additionalProperties</c> only sees its own branch's properties, so <c>messaging_product</c>,
/// <c>to</c> ... are "additional" and every message fails, the spec's own examples included. The intent, "no property
/// beyond the base and this type's", is <c>unevaluatedProperties: false</c> beside the <c>allOf</c>.</item>
/// <item><see cref="Correction.ButtonIndexPattern"/>: <c>TemplateComponent.index</c> has the pattern <c>^[2-6, 11-14]$</c>, a character class
/// that refuses <c>"0"</c>, the index of the spec's own example. Its description says "Position index of the button (0-9)":
/// <c>^[0-9]$</c>.</item>
/// <item><see cref="Correction.CopyCodeSubType"/>: <c>TemplateComponent.sub_type</c> lists <c>quick_reply, url, catalog</c> but not
/// <c>copy_code</c>, the sub-type of Meta's copy-code (coupon) buttons.</item>
/// </list>
/// <para>
/// One extension brings the file (v23.0, November 2025) up to the API as it is now: <see cref="Correction.RecipientField"/>.
/// Since May 2026 a message can go to a business-scoped user ID in the new field <c>recipient</c> instead of a phone
/// number in <c>to</c> (shared/reference/identities.md §4: "New request field <c>recipient</c> (BSUID or parent BSUID);
/// <c>to</c> stays for phones/groups; if both are sent <c>to</c> wins"). The stored schema lacks it and requires
/// <c>to</c>; the extension adds <c>recipient</c> (the BSUID format of §1) and requires exactly one of the two, since
/// this SDK never sends both.
/// </para>
/// <para>
/// A second extension, <see cref="Correction.CallbackDataField"/>: the file declares <c>biz_opaque_callback_data</c>
/// only for the Calling API, while Meta's messages reference documents the same optional field (a string of at most
/// 512 characters, returned unprocessed in the message's status webhooks) on every message
/// (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages). The gateway sends the send's
/// reference there.
/// </para>
/// </remarks>
public static class MetaSendMessageSchema
{
    /// <summary>The path of the unmodified spec file.</summary>
    public static readonly string SpecPath = Path.Combine(AppContext.BaseDirectory, "Specs", "meta_business-messaging-api_v23.0.yaml");

    private static readonly Lazy<JsonObject> s_spec = new(() => (JsonObject)ToJson(LoadYaml(SpecPath))!);
    private static readonly Lazy<JsonSchema> s_corrected = new(() => Build(Correction.All));

    /// <summary>The corrections applied to the published schema.</summary>
    [Flags]
    public enum Correction
    {
        /// <summary>None: the schema as published.</summary>
        None = 0,

        /// <summary><c>additionalProperties: false</c> inside <c>allOf</c> becomes <c>unevaluatedProperties: false</c> beside it.</summary>
        AllOfClosedBranch = 1,

        /// <summary>The malformed button index pattern becomes <c>^[0-9]$</c>.</summary>
        ButtonIndexPattern = 2,

        /// <summary><c>copy_code</c> is added to the button sub-types.</summary>
        CopyCodeSubType = 4,

        /// <summary>The <c>recipient</c> field (a business-scoped user ID) is added, and exactly one of <c>to</c> and <c>recipient</c> is required.</summary>
        RecipientField = 8,

        /// <summary>The optional <c>biz_opaque_callback_data</c> (a string of at most 512 characters) is added to every message.</summary>
        CallbackDataField = 16,

        /// <summary>Every correction.</summary>
        All = AllOfClosedBranch | ButtonIndexPattern | CopyCodeSubType | RecipientField | CallbackDataField,
    }

    /// <summary>The whole spec as JSON.</summary>
    public static JsonObject Spec => s_spec.Value;

    /// <summary>The names of the component schemas the request body uses.</summary>
    public static IReadOnlyList<string> SchemaNames => [.. Closure().Keys];

    /// <summary>Validates a body against the corrected schema.</summary>
    /// <param name="body">The JSON body.</param>
    /// <returns>The errors (empty when valid).</returns>
    public static IReadOnlyList<string> Validate(string body) => Validate(s_corrected.Value, body);

    /// <summary>Validates a body against the schema with only some corrections.</summary>
    /// <param name="corrections">The corrections to apply.</param>
    /// <param name="body">The JSON body.</param>
    /// <returns>The errors (empty when valid).</returns>
    public static IReadOnlyList<string> Validate(Correction corrections, string body) => Validate(Build(corrections), body);

    /// <summary>The request body examples the spec gives for the operation, by name.</summary>
    /// <returns>The examples.</returns>
    public static IReadOnlyDictionary<string, string> Examples()
    {
        var examples = (JsonObject)RequestBodyContent()["examples"]!;
        return examples.ToDictionary(pair => pair.Key, pair => pair.Value!["value"]!.ToJsonString(), StringComparer.Ordinal);
    }

    private static IReadOnlyList<string> Validate(JsonSchema schema, string body)
    {
        using var document = JsonDocument.Parse(body);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var detail in result.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{detail.InstanceLocation} ({detail.SchemaLocation}) {keyword}: {message}");
            }
        }

        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }

    private static JsonObject RequestBodyContent() =>
        (JsonObject)Spec["paths"]!["/{Version}/{Phone-Number-ID}/messages"]!["post"]!["requestBody"]!["content"]!["application/json"]!;

    private static Dictionary<string, JsonNode> Closure()
    {
        var schemas = (JsonObject)Spec["components"]!["schemas"]!;
        var found = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>([RequestBodyContent()["schema"]!]);
        while (pending.Count > 0)
        {
            foreach (var reference in References(pending.Pop()))
            {
                var name = reference["#/components/schemas/".Length..];
                if (!found.ContainsKey(name))
                {
                    found[name] = schemas[name]!.DeepClone();
                    pending.Push(found[name]);
                }
            }
        }

        return found;
    }

    private static IEnumerable<string> References(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value is JsonValue reference)
                    {
                        yield return reference.GetValue<string>();
                    }
                    else if (value is not null)
                    {
                        foreach (var inner in References(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        foreach (var inner in References(item))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static JsonSchema Build(Correction corrections)
    {
        var schemas = Closure();
        if (corrections.HasFlag(Correction.AllOfClosedBranch))
        {
            foreach (var schema in schemas.Values.OfType<JsonObject>())
            {
                if (schema["allOf"] is JsonArray branches)
                {
                    var closed = false;
                    foreach (var branch in branches.OfType<JsonObject>())
                    {
                        if (branch["additionalProperties"] is JsonValue value && value.GetValueKind() == JsonValueKind.False)
                        {
                            branch.Remove("additionalProperties");
                            closed = true;
                        }
                    }

                    if (closed)
                    {
                        schema["unevaluatedProperties"] = false;
                    }
                }
            }
        }

        if (corrections.HasFlag(Correction.RecipientField))
        {
            // identities.md §4: 'recipient' carries a BSUID or parent BSUID; 'to' stays for phone numbers.
            var baseMessage = (JsonObject)schemas["BaseMessageProperties"];
            ((JsonObject)baseMessage["properties"]!)["recipient"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = @"^[A-Z]{2}(\.ENT)?\.[A-Za-z0-9]{1,128}$",
                ["description"] = "The recipient's business-scoped user ID or parent business-scoped user ID, when no phone number is sent in 'to'.",
            };
            var required = (JsonArray)baseMessage["required"]!;
            required.Remove(required.First(n => n!.GetValue<string>() == "to"));
            baseMessage["oneOf"] = new JsonArray(
                new JsonObject { ["required"] = new JsonArray("to") },
                new JsonObject { ["required"] = new JsonArray("recipient") });
        }

        if (corrections.HasFlag(Correction.CallbackDataField))
        {
            ((JsonObject)((JsonObject)schemas["BaseMessageProperties"])["properties"]!)["biz_opaque_callback_data"] = new JsonObject
            {
                ["type"] = "string",
                ["maxLength"] = 512,
                ["description"] = "An arbitrary string returned unprocessed in the message's status webhooks.",
            };
        }

        var component = (JsonObject)schemas["TemplateComponent"]["properties"]!;
        if (corrections.HasFlag(Correction.ButtonIndexPattern))
        {
            component["index"]!["pattern"] = "^[0-9]$";
        }

        if (corrections.HasFlag(Correction.CopyCodeSubType))
        {
            ((JsonArray)component["sub_type"]!["enum"]!).Add("copy_code");
        }

        var document = new JsonObject
        {
            ["$id"] = $"https://wacompliance.test/meta-send-message/{(int)corrections}",
            ["$ref"] = RequestBodyContent()["schema"]!["$ref"]!.DeepClone(),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject(schemas.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))) },
        };
        // JSON Schema 2020-12 with OpenAPI's keywords (discriminator, example) read as unknown annotations.
        var dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true);
        return JsonSchema.FromText(document.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = dialect });
    }

    private static YamlNode LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    /// <summary>YAML 1.2 core schema: plain scalars may be null, booleans or numbers; quoted scalars are strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Regex.IsMatch(text, "^[-+]?[0-9]+$") && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
