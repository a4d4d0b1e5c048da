namespace WaCompliance.Internal;

/// <summary>
/// RFC 9562 version 7 identifiers (48-bit Unix milliseconds, then random bits) from a fast non-cryptographic source.
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> asks the operating system for randomness on every call, which
/// costs about half a microsecond here: more than a whole decision. Identifiers only need to be unique and
/// time-ordered, not unpredictable.
/// </summary>
internal static class TimeOrderedIds
{
    /// <summary>A new version 7 identifier for an instant.</summary>
    /// <param name="at">The instant (from the clock).</param>
    /// <returns>The identifier.</returns>
    public static Guid New(DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
#pragma warning disable RS0030 // The ban keeps behaviour (retry jitter) testable; these bits only make identifiers unique.
        Random.Shared.NextBytes(bytes[6..]);
#pragma warning restore RS0030
        var milliseconds = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
