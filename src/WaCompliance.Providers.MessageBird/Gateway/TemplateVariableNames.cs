namespace WaCompliance.Providers.MessageBird;

/// <summary>The variable names of a template text (<c>{{1}}</c>, <c>{{first_name}}</c>), distinct, in order of first appearance.</summary>
internal static class TemplateVariableNames
{
    public static List<string> In(string? text)
    {
        var names = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return names;
        }

        var at = 0;
        while (true)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                return names;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return names;
            }

            var name = text[(open + 2)..close].Trim();
            if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }

            at = close + 2;
        }
    }
}
