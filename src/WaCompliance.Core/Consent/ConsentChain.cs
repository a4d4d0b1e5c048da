using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WaCompliance.Consent;

/// <summary>
/// The hash chain of the consent ledger: how a record is sealed and how a ledger is verified. Every store uses it, so
/// a ledger written by one store verifies in any other.
/// </summary>
/// <remarks>
/// A record's hash is SHA-256 over a canonical encoding (format version 1): a magic prefix, then each chained field
/// in a fixed order: integers as big-endian 64-bit, timestamps as microseconds since the Unix epoch (UTC), strings as
/// a 32-bit big-endian UTF-8 length (-1 for null) and their bytes, enumerations by their <see cref="ConsentNames"/>.
/// The previous record's hash is one of the fields, so each record commits to all before it.
/// </remarks>
public static class ConsentChain
{
    /// <summary>The hash "before" the first record: 64 zeros.</summary>
    public static string GenesisHash { get; } = new('0', 64);

    private static ReadOnlySpan<byte> RecordMagic => "WACL1\0"u8;

    private static ReadOnlySpan<byte> PersonalDataMagic => "WACP1\0"u8;

    /// <summary>Truncates a timestamp to whole microseconds in UTC, the precision every store keeps.</summary>
    /// <param name="value">The timestamp.</param>
    /// <returns>The normalized timestamp.</returns>
    public static DateTimeOffset NormalizeTimestamp(DateTimeOffset value)
    {
        var utcTicks = value.UtcTicks;
        return new DateTimeOffset(utcTicks - (utcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>Gives a draft record its place in the chain and computes its hash.</summary>
    /// <param name="draft">The record with every field but its chain position.</param>
    /// <param name="sequence">Its sequence number: the head's plus one.</param>
    /// <param name="previousHash">The head's hash.</param>
    /// <returns>The sealed record.</returns>
    public static ConsentRecord Seal(ConsentRecord draft, long sequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(previousHash);
        var positioned = draft with { Sequence = sequence, PreviousHash = previousHash, Hash = string.Empty };
        return positioned with { Hash = ComputeHash(positioned) };
    }

    /// <summary>Computes the hash of a record's chained fields (every field but <see cref="ConsentRecord.PersonalData"/> and <see cref="ConsentRecord.Hash"/>).</summary>
    /// <param name="record">The record.</param>
    /// <returns>The SHA-256 as 64 lower-case hex characters.</returns>
    public static string ComputeHash(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = new CanonicalWriter(512);
        try
        {
            writer.WriteRaw(RecordMagic);
            writer.WriteInt64(record.Sequence);
            writer.WriteString(record.PreviousHash);
            Span<byte> guid = stackalloc byte[16];
            record.RecordId.TryWriteBytes(guid, bigEndian: true, out _);
            writer.WriteRaw(guid);
            writer.WriteString(record.Subject.IsEmpty ? null : record.Subject.Value);
            writer.WriteString(record.Purpose.Value);
            writer.WriteString(ConsentNames.Of(record.Action));
            writer.WriteString(ConsentNames.Of(record.Method));
            writer.WriteString(ConsentNames.Of(record.ConsentType));
            writer.WriteString(ConsentNames.Of(record.LawfulBasis));
            writer.WriteTimestamp(record.CapturedAt);
            writer.WriteTimestamp(record.RecordedAt);
            writer.WriteString(record.Source);
            writer.WriteString(record.BusinessName);
            writer.WriteString(record.Jurisdiction);
            writer.WriteString(record.Language);
            writer.WriteOptionalTimestamp(record.ExpiresAt);
            writer.WriteString(record.EventId);
            writer.WriteString(record.Wording);
            writer.WriteString(record.WordingVersion);
            writer.WriteString(record.CollectionPoint);
            writer.WriteString(record.PersonalDataDigest);
            return writer.Sha256Hex();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Computes the salted digest of personal data that the chain commits to.</summary>
    /// <param name="data">The personal data, or <see langword="null"/>.</param>
    /// <returns>The SHA-256 as hex, or an empty string for <see langword="null"/>.</returns>
    public static string ComputePersonalDataDigest(ConsentPersonalData? data)
    {
        if (data is null)
        {
            return string.Empty;
        }

        var writer = new CanonicalWriter(256);
        try
        {
            writer.WriteRaw(PersonalDataMagic);
            writer.WriteString(data.Salt);
            writer.WriteString(data.Identifier);
            writer.WriteString(data.IpAddress);
            writer.WriteString(data.UserAgent);
            writer.WriteString(data.MessageId);
            writer.WriteString(data.RawInput);
            return writer.Sha256Hex();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Verifies a ledger read in sequence order: sequence numbers run from 1 without gaps or repeats, each record's
    /// previous hash is the hash of the record before it, each hash matches its fields, and personal data still
    /// present matches its digest. With <paramref name="expectedHead"/>, records removed from the end are detected too.
    /// </summary>
    /// <param name="records">The records, in ascending sequence order.</param>
    /// <param name="expectedHead">A checkpoint taken earlier, or <see langword="null"/>.</param>
    /// <param name="maxProblems">How many problems to describe (all are counted).</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The result.</returns>
    public static async ValueTask<LedgerVerificationResult> VerifyAsync(
        IAsyncEnumerable<ConsentRecord> records,
        LedgerCheckpoint? expectedHead = null,
        int maxProblems = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var problems = new List<LedgerProblem>();
        long problemCount = 0;
        long checkedCount = 0;
        var expectedSequence = 1L;
        var previousHash = GenesisHash;
        string? hashAtExpectedHead = null;
        var last = LedgerCheckpoint.Empty;

        void Report(long sequence, LedgerProblemKind kind, string message)
        {
            problemCount++;
            if (problems.Count < maxProblems)
            {
                problems.Add(new LedgerProblem(sequence, kind, message));
            }
        }

        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            checkedCount++;
            if (record.Sequence > expectedSequence)
            {
                Report(expectedSequence, LedgerProblemKind.Missing,
                    record.Sequence == expectedSequence + 1
                        ? $"Record {expectedSequence} is missing."
                        : $"Records {expectedSequence} to {record.Sequence - 1} are missing.");
            }
            else if (record.Sequence < expectedSequence)
            {
                Report(record.Sequence, LedgerProblemKind.OutOfOrder,
                    $"Record {record.Sequence} appears after record {expectedSequence - 1}: records were duplicated, inserted or reordered.");
            }

            if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                Report(record.Sequence, LedgerProblemKind.BrokenLink,
                    $"Record {record.Sequence} does not link to the record before it: a record before it was removed, inserted, reordered or altered.");
            }

            if (!string.Equals(ComputeHash(record), record.Hash, StringComparison.Ordinal))
            {
                Report(record.Sequence, LedgerProblemKind.Altered,
                    $"Record {record.Sequence} does not match its hash: its fields were altered.");
            }

            if (record.PersonalData is not null
                && !string.Equals(ComputePersonalDataDigest(record.PersonalData), record.PersonalDataDigest, StringComparison.Ordinal))
            {
                Report(record.Sequence, LedgerProblemKind.PersonalDataAltered,
                    $"The personal data of record {record.Sequence} does not match the digest in the chain: it was altered.");
            }

            if (expectedHead is { } head && record.Sequence == head.Sequence)
            {
                hashAtExpectedHead = record.Hash;
            }

            previousHash = record.Hash;
            expectedSequence = Math.Max(expectedSequence, record.Sequence + 1);
            last = new LedgerCheckpoint(record.Sequence, record.Hash);
        }

        if (expectedHead is { } expected && expected.Sequence > 0)
        {
            if (last.Sequence < expected.Sequence)
            {
                Report(last.Sequence + 1, LedgerProblemKind.Truncated,
                    $"The ledger ends at record {last.Sequence} but the checkpoint names record {expected.Sequence}: records were removed from the end.");
            }
            else if (!string.Equals(hashAtExpectedHead, expected.Hash, StringComparison.Ordinal))
            {
                Report(expected.Sequence, LedgerProblemKind.CheckpointMismatch,
                    $"Record {expected.Sequence} does not have the hash of the checkpoint: the ledger was rewritten.");
            }
        }

        return new LedgerVerificationResult(checkedCount, last, problemCount, problems);
    }

    /// <summary>A growable buffer for the canonical encoding, rented from the shared pool.</summary>
    private struct CanonicalWriter : IDisposable
    {
        private byte[] _buffer;
        private int _length;

        public CanonicalWriter(int capacity)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(capacity);
            _length = 0;
        }

        public void WriteRaw(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public void WriteInt64(long value)
        {
            Ensure(8);
            BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
            _length += 8;
        }

        public void WriteTimestamp(DateTimeOffset value) =>
            WriteInt64((NormalizeTimestamp(value).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);

        public void WriteOptionalTimestamp(DateTimeOffset? value)
        {
            Ensure(1);
            _buffer[_length++] = value.HasValue ? (byte)1 : (byte)0;
            if (value.HasValue)
            {
                WriteTimestamp(value.Value);
            }
        }

        public void WriteString(string? value)
        {
            Ensure(4);
            if (value is null)
            {
                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
                _length += 4;
                return;
            }

            var byteCount = Encoding.UTF8.GetByteCount(value);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), byteCount);
            _length += 4;
            Ensure(byteCount);
            _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        }

        public readonly string Sha256Hex()
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(_buffer.AsSpan(0, _length), hash);
            return Convert.ToHexStringLower(hash);
        }

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null!;
            }
        }

        private void Ensure(int extra)
        {
            if (_length + extra <= _buffer.Length)
            {
                return;
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }
}
