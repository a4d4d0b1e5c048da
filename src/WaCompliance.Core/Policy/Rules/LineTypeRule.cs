using WaCompliance.Consent;
using WaCompliance.Numbers;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// WA-LINE-TYPE: a number's line type is a hint, never validity. WhatsApp registers landlines and toll-free numbers,
/// so a send to one is allowed; without evidence that this number is on WhatsApp it carries a warning (or, by option,
/// is blocked). Opt-outs, consent, erasure and suppression never look at line types.
/// </summary>
internal sealed class LineTypeRule : IComplianceRule
{
    private readonly bool[] _likely = new bool[Enum.GetValues<WhatsAppNumberType>().Length];
    private readonly bool _block;

    public LineTypeRule(WhatsAppComplianceOptions options)
    {
        var likely = options.AcceptedNumberTypes is { Length: > 0 } types ? types : WhatsAppNumberParser.DefaultAcceptedTypes.ToArray();
        foreach (var type in likely)
        {
            _likely[(int)type] = true;
        }

        _block = options.Policy.BlockUnverifiedLineTypes;
        Descriptor = new RuleDescriptor(
            "WA-LINE-TYPE", RulePacks.WhatsApp,
            "A number whose line type is not usually on WhatsApp (fixed line, toll-free, unknown to the numbering metadata) is sent to only with a warning, unless the number has shown it is on WhatsApp.",
            [ViolationCodes.LineTypeUnverified],
            "Meta, Business phone numbers (landline and toll-free numbers can be registered), https://developers.facebook.com/docs/whatsapp/cloud-api/phone-numbers")
        {
            Parameters =
            [
                new RuleParameter("AcceptedNumberTypes", string.Join(", ", likely)),
                new RuleParameter("Policy:BlockUnverifiedLineTypes", _block ? "true" : "false"),
            ],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Recipient.Phone is not { } phone || _likely[(int)phone.Type] || HasEvidence(context))
        {
            return;
        }

        var message = $"The number is a {WhatsAppNumberTypes.Describe(phone.Type)} number, a line type not usually on WhatsApp, and nothing recorded shows it is (no inbound message, no consent given on WhatsApp, no user ID reported with it).";
        if (_block)
        {
            violations.Block(Descriptor, ViolationCodes.LineTypeUnverified, message);
        }
        else
        {
            violations.Warn(Descriptor, ViolationCodes.LineTypeUnverified, message);
        }
    }

    // What WhatsApp itself showed about this number: it messaged this sender, it gave consent on WhatsApp, or
    // WhatsApp reported a user ID together with it.
    private static bool HasEvidence(EvaluationContext context)
    {
        if (context.Window is not null || context.Recipient.UserId is not null || context.Recipient.ParentUserId is not null)
        {
            return true;
        }

        if (context.ConsentState.Record?.Method is ConsentMethod.Keyword or ConsentMethod.InboundMessage or ConsentMethod.ButtonReply or ConsentMethod.PlatformSignal)
        {
            return true;
        }

        foreach (var identifier in context.Person.Identifiers)
        {
            if (identifier.IsUserId)
            {
                return true;
            }
        }

        return false;
    }
}
