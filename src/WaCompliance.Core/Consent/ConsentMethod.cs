namespace WaCompliance.Consent;

/// <summary>How consent was given or withdrawn (ICO: "how they consented").</summary>
public enum ConsentMethod
{
    /// <summary>A web form submission.</summary>
    WebForm = 1,

    /// <summary>A checkbox ticked by the person (never pre-ticked).</summary>
    Checkbox,

    /// <summary>A keyword sent by the person, such as STOP or START.</summary>
    Keyword,

    /// <summary>A free-text inbound message from the person.</summary>
    InboundMessage,

    /// <summary>A tap on an interactive or template button.</summary>
    ButtonReply,

    /// <summary>Said aloud, e.g. on a recorded call.</summary>
    Verbal,

    /// <summary>On paper, e.g. a signed form.</summary>
    Paper,

    /// <summary>Imported in bulk from another system. An import never lifts an earlier opt-out.</summary>
    Import,

    /// <summary>Recorded by the application through its own API.</summary>
    Api,

    /// <summary>A platform signal, such as Meta's <c>user_preferences</c> stop/resume marketing webhook.</summary>
    PlatformSignal,

    /// <summary>A provider error that means the person refused, such as Meta error 131050.</summary>
    ProviderError,

    /// <summary>A data-subject request, such as erasure or objection under GDPR.</summary>
    DataSubjectRequest,
}
