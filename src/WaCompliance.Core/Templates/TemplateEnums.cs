namespace WaCompliance.Templates;

/// <summary>A template's category, which decides consent, pricing and who may receive it.</summary>
public enum TemplateCategory
{
    /// <summary>Promotions, offers, re-engagement: anything not strictly utility or authentication.</summary>
    Marketing = 1,

    /// <summary>About an agreed transaction or account: order updates, reminders, alerts.</summary>
    Utility,

    /// <summary>One-time passcodes in Meta's fixed format.</summary>
    Authentication,
}

/// <summary>A template's review status. Only <see cref="Approved"/> templates can be sent.</summary>
public enum TemplateStatus
{
    /// <summary>Approved: sendable.</summary>
    Approved = 1,

    /// <summary>Waiting for review.</summary>
    Pending,

    /// <summary>Rejected in review.</summary>
    Rejected,

    /// <summary>Paused for low quality (3 hours, then 6 hours).</summary>
    Paused,

    /// <summary>Disabled after repeated pauses.</summary>
    Disabled,

    /// <summary>A rejection under appeal.</summary>
    InAppeal,

    /// <summary>Being deleted.</summary>
    PendingDeletion,

    /// <summary>Deleted.</summary>
    Deleted,

    /// <summary>Not created: the account's template limit was reached.</summary>
    LimitExceeded,

    /// <summary>Archived.</summary>
    Archived,
}

/// <summary>Meta's quality rating of a template. Every rating is sendable while the template is approved.</summary>
public enum TemplateQuality
{
    /// <summary>No signal yet.</summary>
    Unknown = 0,

    /// <summary>High quality.</summary>
    Green,

    /// <summary>Medium quality; may soon be paused.</summary>
    Yellow,

    /// <summary>Low quality; at risk of pausing.</summary>
    Red,
}

/// <summary>How a template's variables are written.</summary>
public enum TemplateParameterFormat
{
    /// <summary>Numbered: <c>{{1}}</c>, <c>{{2}}</c> ... from 1 without gaps.</summary>
    Positional = 0,

    /// <summary>Named: <c>{{first_name}}</c> (lower-case letters, digits and underscore).</summary>
    Named,
}

/// <summary>The kind of header a template has.</summary>
public enum TemplateHeaderFormat
{
    /// <summary>A text header (at most 60 characters, at most one variable).</summary>
    Text = 1,

    /// <summary>An image.</summary>
    Image,

    /// <summary>A video.</summary>
    Video,

    /// <summary>A document.</summary>
    Document,

    /// <summary>A location.</summary>
    Location,
}

/// <summary>The kind of a template button.</summary>
public enum TemplateButtonType
{
    /// <summary>A quick reply that sends its text back.</summary>
    QuickReply = 1,

    /// <summary>Opens a URL (one variable allowed, at the end).</summary>
    Url,

    /// <summary>Calls a phone number.</summary>
    PhoneNumber,

    /// <summary>Copies a coupon code (marketing templates only).</summary>
    CopyCode,

    /// <summary>The one-time-passcode button of an authentication template.</summary>
    Otp,
}

/// <summary>The kind of one-time-passcode button.</summary>
public enum OtpButtonType
{
    /// <summary>Copies the code.</summary>
    CopyCode = 1,

    /// <summary>Fills the code into the app with one tap.</summary>
    OneTap,

    /// <summary>Fills the code in without a tap.</summary>
    ZeroTap,
}
