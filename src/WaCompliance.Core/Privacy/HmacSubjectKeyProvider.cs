using System.Security.Cryptography;
using System.Text;
using WaCompliance.Identities;
using WaCompliance.Internal;

namespace WaCompliance.Privacy;

/// <summary>The <see cref="ISubjectKeyProvider"/> that keys numbers with HMAC-SHA256 under a secret pepper.</summary>
public sealed class HmacSubjectKeyProvider : ISubjectKeyProvider
{
    /// <summary>The least pepper length, in UTF-8 bytes.</summary>
    public const int MinimumPepperBytes = 32;

    private readonly byte[] _pepper;

    /// <summary>Creates the provider.</summary>
    /// <param name="pepper">The secret; at least <see cref="MinimumPepperBytes"/> bytes as UTF-8.</param>
    /// <exception cref="ArgumentException">The pepper is too short.</exception>
    public HmacSubjectKeyProvider(string pepper)
    {
        Guard.NotNullOrWhiteSpace(pepper);
        _pepper = Encoding.UTF8.GetBytes(pepper);
        if (_pepper.Length < MinimumPepperBytes)
        {
            throw new ArgumentException($"The pepper must be at least {MinimumPepperBytes} bytes long.", nameof(pepper));
        }
    }

    /// <inheritdoc />
    public SubjectKey GetKey(WhatsAppIdentifier identifier)
    {
        if (identifier.IsEmpty)
        {
            throw new ArgumentException("The identifier is the default (empty) value.", nameof(identifier));
        }

        var value = identifier.Value;
        Span<byte> input = stackalloc byte[BusinessScopedUserId.MaxLength + 1];
        var length = Encoding.ASCII.GetBytes(value, input);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_pepper, input[..length], hash);
        return SubjectKey.FromHash(hash);
    }
}
