namespace WaCompliance.Numbers;

/// <summary>The kind of line a number belongs to, as libphonenumber classifies it.</summary>
public enum WhatsAppNumberType
{
    /// <summary>Not classified: a reported number that libphonenumber's metadata does not know (yet).</summary>
    Unknown = 0,

    /// <summary>A mobile number.</summary>
    Mobile,

    /// <summary>A number that may be mobile or fixed line (all US and Canadian numbers).</summary>
    FixedLineOrMobile,

    /// <summary>A fixed-line (landline) number.</summary>
    FixedLine,

    /// <summary>A toll-free (freephone) number.</summary>
    TollFree,

    /// <summary>A premium-rate number.</summary>
    PremiumRate,

    /// <summary>A shared-cost number.</summary>
    SharedCost,

    /// <summary>A VoIP number.</summary>
    Voip,

    /// <summary>A personal (follow-me) number.</summary>
    PersonalNumber,

    /// <summary>A pager number.</summary>
    Pager,

    /// <summary>A universal access number (UAN).</summary>
    Uan,

    /// <summary>A voicemail access number.</summary>
    Voicemail,
}
