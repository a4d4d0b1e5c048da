using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Templates;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>
/// The names enumerations are stored under. Written out here, not derived from member names, so renaming a member
/// in code never changes what is stored.
/// </summary>
internal static class StableNames
{
    public static readonly Names<TemplateCategory> Category = new(
        (TemplateCategory.Marketing, "marketing"), (TemplateCategory.Utility, "utility"), (TemplateCategory.Authentication, "authentication"));

    public static readonly Names<TemplateStatus> Status = new(
        (TemplateStatus.Approved, "approved"), (TemplateStatus.Pending, "pending"), (TemplateStatus.Rejected, "rejected"),
        (TemplateStatus.Paused, "paused"), (TemplateStatus.Disabled, "disabled"), (TemplateStatus.InAppeal, "in_appeal"),
        (TemplateStatus.PendingDeletion, "pending_deletion"), (TemplateStatus.Deleted, "deleted"),
        (TemplateStatus.LimitExceeded, "limit_exceeded"), (TemplateStatus.Archived, "archived"));

    public static readonly Names<TemplateQuality> Quality = new(
        (TemplateQuality.Unknown, "unknown"), (TemplateQuality.Green, "green"), (TemplateQuality.Yellow, "yellow"), (TemplateQuality.Red, "red"));

    public static readonly Names<TemplateParameterFormat> ParameterFormat = new(
        (TemplateParameterFormat.Positional, "positional"), (TemplateParameterFormat.Named, "named"));

    public static readonly Names<TemplateHeaderFormat> HeaderFormat = new(
        (TemplateHeaderFormat.Text, "text"), (TemplateHeaderFormat.Image, "image"), (TemplateHeaderFormat.Video, "video"),
        (TemplateHeaderFormat.Document, "document"), (TemplateHeaderFormat.Location, "location"));

    public static readonly Names<TemplateButtonType> ButtonType = new(
        (TemplateButtonType.QuickReply, "quick_reply"), (TemplateButtonType.Url, "url"), (TemplateButtonType.PhoneNumber, "phone_number"),
        (TemplateButtonType.CopyCode, "copy_code"), (TemplateButtonType.Otp, "otp"));

    public static readonly Names<OtpButtonType> OtpType = new(
        (OtpButtonType.CopyCode, "copy_code"), (OtpButtonType.OneTap, "one_tap"), (OtpButtonType.ZeroTap, "zero_tap"));

    public static readonly Names<DecisionOutcome> Outcome = new(
        (DecisionOutcome.Allowed, "allowed"), (DecisionOutcome.Blocked, "blocked"), (DecisionOutcome.Deferred, "deferred"));

    public static readonly Names<SendStatus> SendStatus = new(
        (Idempotency.SendStatus.InProgress, "in_progress"), (Idempotency.SendStatus.Sent, "sent"),
        (Idempotency.SendStatus.Failed, "failed"), (Idempotency.SendStatus.Unknown, "unknown"));

    public static readonly Names<IdentityLinkReason> LinkReason = new(
        (IdentityLinkReason.SameEvent, "same_event"), (IdentityLinkReason.SendResponse, "send_response"),
        (IdentityLinkReason.ContactShared, "contact_shared"), (IdentityLinkReason.NumberChanged, "number_changed"),
        (IdentityLinkReason.UserIdChanged, "user_id_changed"), (IdentityLinkReason.NumberForm, "number_form"),
        (IdentityLinkReason.Application, "application"));

    /// <summary>A two-way table between an enumeration and its stored names.</summary>
    internal sealed class Names<T>
        where T : struct, Enum
    {
        private readonly Dictionary<T, string> _byValue = [];
        private readonly Dictionary<string, T> _byName = new(StringComparer.Ordinal);

        public Names(params (T Value, string Name)[] pairs)
        {
            foreach (var (value, name) in pairs)
            {
                _byValue.Add(value, name);
                _byName.Add(name, value);
            }
        }

        public string Of(T value) => _byValue.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a defined {typeof(T).Name}.");

        public T Parse(string name) => _byName.TryGetValue(name, out var value)
            ? value
            : throw new FormatException($"'{name}' is not a stored {typeof(T).Name} name.");
    }
}
