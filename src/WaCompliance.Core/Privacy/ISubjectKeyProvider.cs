using WaCompliance.Numbers;

namespace WaCompliance.Privacy;

/// <summary>Computes the pseudonymous <see cref="SubjectKey"/> of a number.</summary>
public interface ISubjectKeyProvider
{
    /// <summary>The subject key of a number: HMAC-SHA256 of its E.164 form under the configured pepper.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The key.</returns>
    SubjectKey GetKey(WhatsAppNumber number);
}
