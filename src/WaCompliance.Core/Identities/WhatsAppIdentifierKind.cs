namespace WaCompliance.Identities;

/// <summary>What a <see cref="WhatsAppIdentifier"/> is.</summary>
public enum WhatsAppIdentifierKind
{
    /// <summary>The default (empty) value.</summary>
    None = 0,

    /// <summary>A phone number (Meta's <c>wa_id</c>).</summary>
    PhoneNumber,

    /// <summary>A business-scoped user ID (<c>user_id</c>).</summary>
    UserId,

    /// <summary>A parent business-scoped user ID (<c>parent_user_id</c>).</summary>
    ParentUserId,
}
