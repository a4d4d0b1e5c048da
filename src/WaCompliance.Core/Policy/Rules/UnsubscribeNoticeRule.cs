using System.Buffers;
using WaCompliance.Consent;
using WaCompliance.Messaging;
using WaCompliance.Policy.Content;
using WaCompliance.Templates;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// AU-SPAM-UNSUB, NZ-UEMA-UNSUB, CA-CASL-UNSUB and UK-PECR-SOFT: a commercial message carries a functional way to
/// unsubscribe; here, an instruction such as "Reply STOP" in the text, template body, footer or a quick-reply button.
/// </summary>
internal sealed class UnsubscribeNoticeRule : IComplianceRule
{
    private static readonly string[] s_markers =
        ["stop", "unsubscribe", "opt out", "optout", "arret", "desabonner", "desinscrire", "baja", "parar", "sair", "abmelden", "stopp", "afmelden"];

    private readonly RulePacks _packs;

    public UnsubscribeNoticeRule(CompliancePolicyOptions options)
    {
        _packs = options.Packs;
    }

    public RuleDescriptor Descriptor { get; } = new(
        "AU-SPAM-UNSUB", RulePacks.Australia | RulePacks.NewZealand | RulePacks.Casl | RulePacks.Gdpr,
        "Marketing to Australia, New Zealand and Canada (and under the UK/EU soft opt-in) must tell the person how to unsubscribe, e.g. \"Reply STOP\".",
        [ViolationCodes.UnsubscribeNoticeMissing],
        "Spam Act 2003 s. 18; UEMA 2007 s. 11; CASL s. 11; PECR reg. 22(3)(c)");

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (!context.IsMarketing || Applicable(context) is not { } rule)
        {
            return;
        }

        if (context.Message.Content is TemplateContent && context.Template is { } template && TemplateShape.Of(template).HasUnsubscribeNotice)
        {
            return;
        }

        foreach (var text in context.ReadableTextsWithoutAllocation())
        {
            if (MentionsUnsubscribe(text))
            {
                return;
            }
        }

        violations.Block(Descriptor with { Id = rule.Id, Source = rule.Source }, ViolationCodes.UnsubscribeNoticeMissing,
            "A commercial message must tell the person how to unsubscribe (for example \"Reply STOP to opt out\").");
    }

    private (string Id, string Source)? Applicable(EvaluationContext context)
    {
        var jurisdiction = context.Jurisdiction;
        return jurisdiction.RegionCode switch
        {
            "AU" when _packs.HasFlag(RulePacks.Australia) => ("AU-SPAM-UNSUB", "Spam Act 2003 (Cth) s. 18"),
            "NZ" when _packs.HasFlag(RulePacks.NewZealand) => ("NZ-UEMA-UNSUB", "Unsolicited Electronic Messages Act 2007 s. 11"),
            "CA" when _packs.HasFlag(RulePacks.Casl) => ("CA-CASL-UNSUB", "CASL s. 11"),
            _ when _packs.HasFlag(RulePacks.Gdpr) && jurisdiction.IsEeaOrUnitedKingdom
                && context.ConsentState.Record?.LawfulBasis == LawfulBasis.SoftOptIn => ("UK-PECR-SOFT", "PECR reg. 22(3)(c); ePrivacy Dir. Art. 13(2)"),
            _ => null,
        };
    }

    /// <summary>Whether text tells people how to unsubscribe: a marker such as "stop" or "opt out" as whole words, in any case or accent.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> if it does.</returns>
    internal static bool MentionsUnsubscribe(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var decomposed = LexiconContentScreener.Decompose(text);
        char[]? rented = null;
        var buffer = decomposed.Length <= LexiconContentScreener.StackLimit
            ? stackalloc char[LexiconContentScreener.StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(decomposed.Length));
        try
        {
            var normalized = buffer[..LexiconContentScreener.NormalizeInto(decomposed, buffer)];
            foreach (var marker in s_markers)
            {
                if (LexiconContentScreener.ContainsWords(normalized, marker))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
