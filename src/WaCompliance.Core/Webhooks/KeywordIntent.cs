namespace WaCompliance.Webhooks;

/// <summary>What an inbound message asks for, as far as consent goes.</summary>
public enum KeywordIntent
{
    /// <summary>Nothing about consent.</summary>
    None = 0,

    /// <summary>An opt-out keyword (STOP, UNSUBSCRIBE, BAJA, ARRÊT ...): opt out at once.</summary>
    OptOut,

    /// <summary>A re-subscribe keyword (START, UNSTOP ...; YES-like words only after an opt-out).</summary>
    OptIn,

    /// <summary>A help keyword (HELP, INFO, AYUDA ...).</summary>
    Help,

    /// <summary>A phrase that probably revokes consent ("don't message me", "remove me").</summary>
    ProbableRevocation,
}
