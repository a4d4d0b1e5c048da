using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Templates;

/// <summary>
/// Where each value of a template goes in Twilio's single variable set. WhatsApp numbers variables per component
/// (header <c>{{1}}</c> and body <c>{{1}}</c> are different variables); a Twilio Content resource has one set shared by
/// body, header text, media URL and buttons. Positional body variables keep their numbers; a header or button
/// variable whose number the body already uses is moved to the next free number (on submission its text is
/// rewritten, and a template listed back from Twilio already carries the moved number, so both map the same way).
/// Named variables keep their names.
/// </summary>
internal sealed partial class TwilioTemplateLayout
{
    private static readonly ConditionalWeakTable<MessageTemplate, TwilioTemplateLayout> s_cache = [];

    private TwilioTemplateLayout(MessageTemplate template)
    {
        var named = template.ParameterFormat == TemplateParameterFormat.Named;
        var used = new HashSet<int>();
        foreach (Match match in Variable().Matches(template.Body))
        {
            if (TryNumber(match.Groups[1].Value, out var n))
            {
                used.Add(n);
            }
        }

        var next = used.Count == 0 ? 1 : used.Max() + 1;

        if (template.Header is { Format: TemplateHeaderFormat.Text, Text: { } headerText })
        {
            (HeaderKey, HeaderText) = Place(headerText, named, used, ref next);
        }
        else if (template.Header is { Format: not TemplateHeaderFormat.Text and not TemplateHeaderFormat.Location, Example: { } media }
            && Variable().Match(media) is { Success: true } mediaVariable)
        {
            MediaKey = mediaVariable.Groups[1].Value;
            MediaPrefix = media[..mediaVariable.Index];
            if (TryNumber(MediaKey, out var n))
            {
                used.Add(n);
                next = Math.Max(next, n + 1);
            }
        }

        ButtonKeys = new string?[template.Buttons.Count];
        ButtonTexts = new string?[template.Buttons.Count];
        for (var i = 0; i < template.Buttons.Count; i++)
        {
            var button = template.Buttons[i];
            var text = button.Type switch
            {
                TemplateButtonType.Url => button.Url,
                TemplateButtonType.CopyCode => button.Example,
                _ => null,
            };
            if (text is not null)
            {
                (ButtonKeys[i], ButtonTexts[i]) = Place(text, named, used, ref next);
            }
        }
    }

    /// <summary>The variable key of the header text, if it has a variable.</summary>
    public string? HeaderKey { get; }

    /// <summary>The header text with its variable numbered for Twilio.</summary>
    public string? HeaderText { get; }

    /// <summary>The variable key of a media header URL (<c>https://cdn.example.com/{{3}}</c>), if it has one.</summary>
    public string? MediaKey { get; }

    /// <summary>The fixed part of the media URL before its variable.</summary>
    public string? MediaPrefix { get; }

    /// <summary>The variable key of each button's URL or code, by button index.</summary>
    public string?[] ButtonKeys { get; }

    /// <summary>Each button's URL or code with its variable numbered for Twilio.</summary>
    public string?[] ButtonTexts { get; }

    /// <summary>The layout of a template (cached per template instance).</summary>
    public static TwilioTemplateLayout Of(MessageTemplate template) =>
        s_cache.GetValue(template, static t => new TwilioTemplateLayout(t));

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}", RegexOptions.CultureInvariant)]
    internal static partial Regex Variable();

    private static (string? Key, string Text) Place(string text, bool named, HashSet<int> used, ref int next)
    {
        var match = Variable().Match(text);
        if (!match.Success)
        {
            return (null, text);
        }

        var key = match.Groups[1].Value;
        if (named || !TryNumber(key, out var n))
        {
            return (key, text);
        }

        if (used.Add(n))
        {
            next = Math.Max(next, n + 1);
            return (key, text);
        }

        var moved = next++;
        used.Add(moved);
        var movedKey = moved.ToString(CultureInfo.InvariantCulture);
        return (movedKey, string.Concat(text[..match.Index], "{{" + movedKey + "}}", text[(match.Index + match.Length)..]));
    }

    private static bool TryNumber(string key, out int value) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
