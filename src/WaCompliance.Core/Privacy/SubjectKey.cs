using System.Buffers;

namespace WaCompliance.Privacy;

/// <summary>
/// The pseudonymous identity of a person: a peppered HMAC-SHA256 of their E.164 number, as 64 lower-case hex
/// characters. The consent chain and the suppression list are keyed by it, so they survive erasure of the number.
/// </summary>
/// <remarks>
/// A keyed hash is still personal data under GDPR (it can be recomputed by whoever holds the pepper), but it cannot
/// be reversed by enumerating phone numbers without the pepper.
/// </remarks>
public readonly struct SubjectKey : IEquatable<SubjectKey>
{
    private const int HexLength = 64;
    private static readonly SearchValues<char> s_hex = SearchValues.Create("0123456789abcdef");

    private readonly string? _value;

    private SubjectKey(string value) => _value = value;

    /// <summary>The 64 lower-case hex characters.</summary>
    public string Value => _value ?? throw new InvalidOperationException("The subject key is empty (default).");

    /// <summary>Whether this is the default (empty) value.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>A short form for logs and reports: <c>sk:</c> and the first 12 hex characters.</summary>
    public string ToShortString() => _value is null ? "sk:-" : string.Concat("sk:", _value.AsSpan(0, 12));

    /// <summary>Creates a key from its hex form, for example as read back from a store.</summary>
    /// <param name="value">64 hex characters.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The value is not 64 hex characters.</exception>
    public static SubjectKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var lower = value.Trim().ToLowerInvariant();
        if (lower.Length != HexLength || lower.AsSpan().ContainsAnyExcept(s_hex))
        {
            throw new FormatException("A subject key is 64 hexadecimal characters (a SHA-256 HMAC).");
        }

        return new SubjectKey(lower);
    }

    /// <summary>Creates a key from the 32 bytes of an HMAC.</summary>
    /// <param name="hash">The 32-byte HMAC.</param>
    /// <returns>The key.</returns>
    public static SubjectKey FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != HexLength / 2)
        {
            throw new ArgumentException("A subject key is made from a 32-byte HMAC-SHA256.", nameof(hash));
        }

        return new SubjectKey(Convert.ToHexStringLower(hash));
    }

    /// <inheritdoc />
    public bool Equals(SubjectKey other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SubjectKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The short form, see <see cref="ToShortString"/>: the full key is not needed in logs.</summary>
    /// <returns>The short form.</returns>
    public override string ToString() => ToShortString();

    /// <summary>Equality.</summary>
    /// <param name="left">The left key.</param>
    /// <param name="right">The right key.</param>
    /// <returns>Whether both keys are equal.</returns>
    public static bool operator ==(SubjectKey left, SubjectKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left key.</param>
    /// <param name="right">The right key.</param>
    /// <returns>Whether the keys differ.</returns>
    public static bool operator !=(SubjectKey left, SubjectKey right) => !left.Equals(right);
}
