using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Webhooks;

/// <summary>
/// Reads the person of a Twilio webhook as a <see cref="WhatsAppIdentity"/>: the phone number or business-scoped
/// user ID in the person's address (<c>From</c> of an inbound message, <c>To</c> of a status callback), the user ID
/// in <c>ExternalUserId</c> and <c>ExternalUserIdentifier</c> (Twilio has used both names) and the parent user ID in
/// <c>ParentExternalUserId</c>. Every identity field that is present must be readable and they must agree: an
/// identifier is a key to the person's consent, so a field that cannot be read is never guessed at or dropped.
/// </summary>
internal static class TwilioPerson
{
    internal const string ExternalUserId = "ExternalUserId";
    internal const string ExternalUserIdentifier = "ExternalUserIdentifier";
    internal const string ParentExternalUserId = "ParentExternalUserId";

    /// <summary>The identity fields besides the address.</summary>
    internal static readonly string[] UserIdFields = [ExternalUserId, ExternalUserIdentifier, ParentExternalUserId];

    /// <summary>What was read.</summary>
    /// <param name="Identity">The person, when every identity field was read; <see langword="null"/> when none is present.</param>
    /// <param name="Code">A <see cref="MalformedItemCodes"/> code when a field could not be read or the fields disagree.</param>
    /// <param name="Message">What is wrong, naming the fields and never their values.</param>
    /// <param name="Subject">An identifier that could be read, even when another could not (so erasure finds the item).</param>
    internal readonly record struct Result(WhatsAppIdentity? Identity, string? Code, string? Message, WhatsAppIdentifier? Subject)
    {
        public bool IsInvalid => Code is not null;
    }

    /// <summary>Reads the person from the address field and the user ID fields.</summary>
    /// <param name="fields">The webhook's fields (empty values are absent).</param>
    /// <param name="addressField"><c>From</c> for inbound messages, <c>To</c> for status callbacks.</param>
    public static Result Read(IReadOnlyDictionary<string, string> fields, string addressField)
    {
        var slots = new Slots();
        string? error = null;
        if (Get(fields, addressField) is { } address)
        {
            if (!TwilioAddress.TryRead(address, out var identifier, out var code))
            {
                error = $"{addressField} is neither a phone number in E.164 form nor a business-scoped user ID ({code}).";
            }
            else if (identifier.PhoneNumber is { } phone)
            {
                slots.Phone = phone;
                slots.Subject ??= identifier;
            }
            else if (!slots.Place(identifier.UserId!.Value, addressField, out var conflict))
            {
                error = conflict;
            }
        }

        // Every field is read even after an error, so that the item keeps a subject whenever one identifier is readable.
        foreach (var field in UserIdFields)
        {
            if (Get(fields, field) is not { } value)
            {
                continue;
            }

            var text = TwilioAddress.WithoutPrefix(value);
            if (!BusinessScopedUserId.TryParse(text.ToString(), out var id, out var reason))
            {
                error ??= $"{field} is not a business-scoped user ID ({reason.ToCode()}).";
            }
            else if (field == ParentExternalUserId && !id.IsParent)
            {
                error ??= $"{field} is not a parent business-scoped user ID (a parent has the form CC.ENT.…).";
                slots.Subject ??= id;
            }
            else if (!slots.Place(id, field, out var conflict))
            {
                error ??= conflict;
            }
        }

        if (error is not null)
        {
            return new Result(null, MalformedItemCodes.IdentityInvalid, error, slots.Subject);
        }

        return slots.Phone is null && slots.UserId is null && slots.Parent is null
            ? default
            : new Result(new WhatsAppIdentity(slots.Phone, slots.UserId, slots.Parent), null, null, slots.Subject);
    }

    private static string? Get(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private sealed class Slots
    {
        public WhatsAppNumber? Phone { get; set; }

        public BusinessScopedUserId? UserId { get; private set; }

        public BusinessScopedUserId? Parent { get; private set; }

        public WhatsAppIdentifier? Subject { get; set; }

        private string? UserIdField { get; set; }

        private string? ParentField { get; set; }

        /// <summary>Puts an id in its slot (parent or not); <see langword="false"/> when the slot holds another id.</summary>
        public bool Place(BusinessScopedUserId id, string field, out string? conflict)
        {
            conflict = null;
            Subject ??= id;
            if (id.IsParent)
            {
                if (Parent is { } parent && parent != id)
                {
                    conflict = $"{ParentField} and {field} name different parent business-scoped user IDs.";
                    return false;
                }

                Parent = id;
                ParentField ??= field;
                return true;
            }

            if (UserId is { } existing && existing != id)
            {
                conflict = $"{UserIdField} and {field} name different business-scoped user IDs.";
                return false;
            }

            UserId = id;
            UserIdField ??= field;
            return true;
        }
    }
}
