using WaCompliance.Consent;
using WaCompliance.Messaging;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// WA-OPTOUT-HONOR and US-TCPA-REVOKE-CONFIRM: an opt-out wins. After a global opt-out only two messages may go: the
/// single confirmation right after it, and replies to something the person wrote after opting out.
/// </summary>
internal sealed class OptOutRule : IComplianceRule
{
    private static readonly RuleDescriptor s_confirmation = new(
        "US-TCPA-REVOKE-CONFIRM", RulePacks.WhatsApp,
        "One confirmation without marketing content may follow an opt-out, within minutes.",
        [ViolationCodes.OptOutConfirmationNotAllowed],
        "47 CFR 64.1200(a)(12); https://www.rothjackson.com/blog/2024/03/new-fcc-regulation-one-time-text-confirmation-for-consent-revocation-effective-april-8-2024/");

    public OptOutRule(CompliancePolicyOptions options)
    {
        Descriptor = new RuleDescriptor(
            "WA-OPTOUT-HONOR", RulePacks.WhatsApp,
            "No message for a purpose the person opted out of (a global opt-out covers every purpose), from any gateway.",
            [ViolationCodes.OptedOut, ViolationCodes.OptOutConfirmationNotAllowed],
            "WhatsApp Business Messaging Policy, https://business.whatsapp.com/policy; GDPR Art. 21(3); 47 CFR 64.1200(a)(10)")
        {
            Parameters = [new RuleParameter("Policy:OptOutConfirmationWindow", options.OptOutConfirmationWindow.ToString())],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        var message = context.Message;
        var state = context.ConsentState;
        if (message.IsOptOutConfirmation)
        {
            if (!ConfirmationAllowed(context))
            {
                violations.Block(s_confirmation, ViolationCodes.OptOutConfirmationNotAllowed,
                    "An opt-out confirmation may only follow a recent opt-out the person sent, as a free-form reply without marketing content.");
            }

            return;
        }

        if (!state.IsOptedOut)
        {
            return;
        }

        // A service reply answers something the person wrote after opting out.
        if (context.ConsentPurpose is null
            && context.IsWindowOpen
            && context.Window!.LastInboundAt > state.Record!.CapturedAt)
        {
            return;
        }

        violations.Block(Descriptor, ViolationCodes.OptedOut, state.Record!.Purpose.IsAll
            ? "The person opted out of all messages."
            : $"The person opted out of {state.Record.Purpose} messages.");
    }

    /// <summary>The opt-out a confirmation would confirm: the latest one, global or for a purpose.</summary>
    internal static ConsentRecord? ConfirmedOptOut(EvaluationContext context)
    {
        var state = context.Consent.GetState(WaCompliance.ConsentPurpose.All, context.Now);
        return state.IsOptedOut ? state.Record : LatestOptOut(context);
    }

    private static bool ConfirmationAllowed(EvaluationContext context)
    {
        var optOut = ConfirmedOptOut(context);
        return optOut is not null
            && optOut.Method is ConsentMethod.Keyword or ConsentMethod.InboundMessage or ConsentMethod.ButtonReply
            && context.Now - optOut.CapturedAt <= context.Options.OptOutConfirmationWindow
            && context.Now >= optOut.CapturedAt
            && context.Message.Content is TextContent
            && context.Message.Purpose is MessagePurpose.ServiceReply or MessagePurpose.Utility;
    }

    private static ConsentRecord? LatestOptOut(EvaluationContext context)
    {
        ConsentRecord? latest = null;
        foreach (var purpose in context.Consent.Purposes)
        {
            var record = context.Consent.GetState(purpose, context.Now).Record;
            if (record?.Action == ConsentAction.OptOut && (latest is null || record.CapturedAt > latest.CapturedAt))
            {
                latest = record;
            }
        }

        return latest;
    }
}
