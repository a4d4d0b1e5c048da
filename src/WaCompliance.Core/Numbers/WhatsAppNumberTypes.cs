namespace WaCompliance.Numbers;

/// <summary>Words for line types in messages.</summary>
internal static class WhatsAppNumberTypes
{
    internal static string Describe(WhatsAppNumberType type) => type switch
    {
        WhatsAppNumberType.FixedLine => "fixed-line",
        WhatsAppNumberType.TollFree => "toll-free",
        WhatsAppNumberType.PremiumRate => "premium-rate",
        WhatsAppNumberType.SharedCost => "shared-cost",
        WhatsAppNumberType.Voip => "VoIP",
        WhatsAppNumberType.PersonalNumber => "personal (follow-me)",
        WhatsAppNumberType.Pager => "pager",
        WhatsAppNumberType.Uan => "universal access (UAN)",
        WhatsAppNumberType.Voicemail => "voicemail",
        WhatsAppNumberType.Mobile => "mobile",
        WhatsAppNumberType.FixedLineOrMobile => "fixed-line-or-mobile",
        _ => "unknown",
    };
}
