using System.Globalization;
using System.Text;
using WaCompliance.Policy.Content;

namespace WaCompliance.Policy;

/// <summary>
/// Writes the reference of every built-in rule (id, pack, codes, parameters with their values, legal source) as
/// Markdown, from the rules themselves, so the documentation cannot drift from the code.
/// </summary>
public static class PolicyRulesDocument
{
    /// <summary>The document for the default options (what <c>docs/policy-rules.md</c> holds).</summary>
    /// <returns>The Markdown text.</returns>
    public static string Generate() =>
        Generate(new WhatsAppComplianceOptions { BusinessName = "(your business name)" });

    /// <summary>The document for given options: parameters show their configured values.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The Markdown text.</returns>
    public static string Generate(WhatsAppComplianceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = BuiltInRules.Create(options, new LexiconContentScreener());
        var text = new StringBuilder();
        text.AppendLine("# Policy rules");
        text.AppendLine();
        text.AppendLine("Generated from the rules themselves by `PolicyRulesDocument.Generate()`; a test fails when this file and the code");
        text.AppendLine("disagree (regenerate with `WACOMPLIANCE_UPDATE_DOCS=1 ./test.sh`). Every value is a default to review with");
        text.AppendLine("counsel, not legal advice. Rules run in the order of rules.md §0: suppression and opt-out, content, consent,");
        text.AppendLine("window and templates, platform blocks, quiet hours, frequency, capacity and duplicates. A decision collects every");
        text.AppendLine("violation: any block blocks; otherwise any deferral defers until the latest `NotBefore`.");
        text.AppendLine();
        text.AppendLine("| Rule | Pack | Codes | What it checks |");
        text.AppendLine("|---|---|---|---|");
        foreach (var rule in rules)
        {
            var d = rule.Descriptor;
            text.Append(CultureInfo.InvariantCulture, $"| [{d.Id}](#{Anchor(d.Id)}) | {d.Pack} | {string.Join(", ", d.Codes.Select(c => $"`{c}`"))} | {Escape(d.Summary)} |").AppendLine();
        }

        foreach (var rule in rules)
        {
            var d = rule.Descriptor;
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"## {d.Id}").AppendLine();
            text.AppendLine();
            text.AppendLine(d.Summary);
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"- Pack: {d.Pack}").AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"- Codes: {string.Join(", ", d.Codes.Select(c => $"`{c}`"))}").AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"- Source: {d.Source}").AppendLine();
            if (d.Parameters.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("| Parameter (configuration key under `WhatsAppCompliance`) | Default |");
                text.AppendLine("|---|---|");
                foreach (var parameter in d.Parameters)
                {
                    text.Append(CultureInfo.InvariantCulture, $"| `{parameter.Name}` | {Escape(parameter.Value.Length == 0 ? "(none)" : parameter.Value)} |").AppendLine();
                }
            }
        }

        text.AppendLine();
        text.AppendLine("## Codes outside the rules");
        text.AppendLine();
        text.AppendLine($"- `{ViolationCodes.NumberInvalid}` (WA-NUMBER): the recipient did not parse as a phone number or business-scoped user ID; the message names the parser's reason.");
        text.AppendLine($"- `{ViolationCodes.SenderUnknown}` (WA-SENDER): no registered gateway holds the sender number.");
        text.AppendLine($"- `{ViolationCodes.Duplicate}` (WA-DUPLICATE): an idempotency key repeated within one campaign run.");
        text.AppendLine($"- `{ViolationCodes.UserIdNotSupported}` (WA-USER-ID): an authentication template to a person known only by a business-scoped user ID; WhatsApp needs a phone number for them (error 131062 maps to the same code).");
        text.AppendLine($"- `{ViolationCodes.JurisdictionAssumed}` (WA-USER-ID, warning): the recipient is known only by a business-scoped user ID and no linked number or override gives a jurisdiction; every jurisdiction's consent rules were applied (or the region of `Policy:UserIdJurisdiction`).");
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string Anchor(string id) => id.ToLowerInvariant();

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
