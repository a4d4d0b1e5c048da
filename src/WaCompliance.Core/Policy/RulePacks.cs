namespace WaCompliance.Policy;

/// <summary>The groups of rules; each can be switched on or off in options.</summary>
[Flags]
public enum RulePacks
{
    /// <summary>No pack.</summary>
    None = 0,

    /// <summary>WhatsApp Business Platform policy: opt-in, opt-out, window, templates, US marketing pause, limits, pair rate, duplicates.</summary>
    WhatsApp = 1,

    /// <summary>US federal TCPA: quiet hours 08:00–21:00, prior express written consent for marketing.</summary>
    Tcpa = 2,

    /// <summary>US state laws: state quiet hours and "3 per 24 hours on the same subject" caps.</summary>
    UsStates = 4,

    /// <summary>EU GDPR/ePrivacy and UK GDPR/PECR: demonstrable consent, soft opt-in, no re-permission to opted-out people.</summary>
    Gdpr = 8,

    /// <summary>California CCPA/CPRA: no re-permission request within 12 months of an opt-out.</summary>
    Ccpa = 16,

    /// <summary>Canada CASL: express or unexpired implied consent, unsubscribe notice, consent requests.</summary>
    Casl = 32,

    /// <summary>Australia Spam Act: express or inferred consent, unsubscribe notice.</summary>
    Australia = 64,

    /// <summary>New Zealand UEMA: unsubscribe notice.</summary>
    NewZealand = 128,

    /// <summary>Prohibited content screening (WhatsApp Commerce and Business Messaging policies).</summary>
    Content = 256,

    /// <summary>Every pack.</summary>
    All = WhatsApp | Tcpa | UsStates | Gdpr | Ccpa | Casl | Australia | NewZealand | Content,
}
