namespace WaCompliance.Identities;

/// <summary>What showed that two identifiers name one person.</summary>
public enum IdentityLinkReason
{
    /// <summary>One webhook item named both (for example <c>wa_id</c> and <c>user_id</c> of one contact).</summary>
    SameEvent = 1,

    /// <summary>A send response named what the message reached (<c>contacts[].wa_id</c> or <c>user_id</c> for the <c>input</c> sent).</summary>
    SendResponse,

    /// <summary>The person shared their number when asked (<c>contacts</c> message with <c>origin: contact_request</c>).</summary>
    ContactShared,

    /// <summary>The person changed their number (<c>user_changed_number</c>): old and new are one person.</summary>
    NumberChanged,

    /// <summary>The person's business-scoped user ID changed (<c>user_changed_user_id</c>, <c>user_id_update</c>).</summary>
    UserIdChanged,

    /// <summary>Another form of the same number (Brazil's ninth digit, Mexico <c>+521</c>, Argentina <c>+549</c>).</summary>
    NumberForm,

    /// <summary>The application said so (for example from its own customer records).</summary>
    Application,
}
