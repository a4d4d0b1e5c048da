using WaCompliance.Identities;

namespace WaCompliance.Privacy;

/// <summary>Computes the pseudonymous <see cref="SubjectKey"/> of an identifier (a phone number or a business-scoped user ID).</summary>
public interface ISubjectKeyProvider
{
    /// <summary>
    /// The subject key of an identifier: HMAC-SHA256 of its stored form (<see cref="WhatsAppIdentifier.Value"/>: the
    /// E.164 number, or the user ID as received) under the configured pepper. Numbers and user IDs never share a key.
    /// </summary>
    /// <param name="identifier">The identifier; a <see cref="Numbers.WhatsAppNumber"/> converts implicitly.</param>
    /// <returns>The key.</returns>
    SubjectKey GetKey(WhatsAppIdentifier identifier);
}
