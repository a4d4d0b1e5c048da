using System.Text.Json;
using System.Text.Json.Serialization;
using WaCompliance.Templates;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>The JSON documents a template's components are stored as, with enumerations by their stable names.</summary>
internal static class TemplateJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string? WriteHeader(TemplateHeader? header) => header is null
        ? null
        : JsonSerializer.Serialize(new HeaderDocument(StableNames.HeaderFormat.Of(header.Format), header.Text, header.Example), s_options);

    public static TemplateHeader? ReadHeader(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<HeaderDocument>(json, s_options)!;
        return new TemplateHeader(StableNames.HeaderFormat.Parse(document.Format), document.Text) { Example = document.Example };
    }

    public static string WriteButtons(IReadOnlyList<TemplateButton> buttons) => JsonSerializer.Serialize(
        buttons.Select(b => new ButtonDocument(
            StableNames.ButtonType.Of(b.Type),
            b.Text,
            b.Url,
            b.PhoneNumber,
            b.Example,
            b.OtpType is { } otp ? StableNames.OtpType.Of(otp) : null)).ToArray(),
        s_options);

    public static IReadOnlyList<TemplateButton> ReadButtons(string json) =>
        JsonSerializer.Deserialize<ButtonDocument[]>(json, s_options)!
            .Select(d => new TemplateButton(StableNames.ButtonType.Parse(d.Type), d.Text)
            {
                Url = d.Url,
                PhoneNumber = d.PhoneNumber,
                Example = d.Example,
                OtpType = d.OtpType is { } otp ? StableNames.OtpType.Parse(otp) : null,
            })
            .ToArray();

    public static string? WriteExamples(IReadOnlyDictionary<string, string>? examples) =>
        examples is null ? null : JsonSerializer.Serialize(examples, s_options);

    public static IReadOnlyDictionary<string, string>? ReadExamples(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json, s_options);

    private sealed record HeaderDocument(string Format, string? Text, string? Example);

    private sealed record ButtonDocument(string Type, string Text, string? Url, string? PhoneNumber, string? Example, string? OtpType);
}
