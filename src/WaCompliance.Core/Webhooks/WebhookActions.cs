namespace WaCompliance.Webhooks;

/// <summary>What processing an event changed.</summary>
[Flags]
public enum WebhookActions
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The customer service window was opened or refreshed.</summary>
    WindowOpened = 1,

    /// <summary>An opt-out was written to the ledger.</summary>
    OptedOut = 2,

    /// <summary>An opt-in was written to the ledger (re-subscribe, resume marketing).</summary>
    OptedIn = 4,

    /// <summary>The person asked for help.</summary>
    HelpRequested = 8,

    /// <summary>A phrase that probably revokes consent was reported (not recorded: policy set to report).</summary>
    ProbableRevocationReported = 16,

    /// <summary>A template's status, quality or category was updated in the catalog.</summary>
    TemplateUpdated = 32,

    /// <summary>The number was suppressed as not on WhatsApp.</summary>
    MarkedNotOnWhatsApp = 64,

    /// <summary>Marketing to the person was put on hold after a marketing-limit error.</summary>
    MarketingBackoff = 128,

    /// <summary>The customer service window was closed after a provider said so.</summary>
    WindowClosed = 256,

    /// <summary>The outcome of a send was reconciled with its status.</summary>
    SendReconciled = 512,

    /// <summary>Identifiers the event named together (or a number or user ID change) were linked as one person.</summary>
    IdentitiesLinked = 1024,

    /// <summary>
    /// The event could not be applied (a value no store keeps, an opt-in dated too far ahead) and was kept as a
    /// <see cref="WebhookDeadLetter"/>; the other events of its delivery were applied.
    /// </summary>
    DeadLettered = 2048,
}
