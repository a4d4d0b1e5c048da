using System.Globalization;
using WaCompliance.Consent;
using WaCompliance.Internal;

namespace WaCompliance.Idempotency;

/// <summary>Validation and outcome transitions of send records, the same for every store.</summary>
public static class IdempotencyRules
{
    /// <summary>The longest key accepted.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The longest error message kept (longer ones are cut).</summary>
    private const int MaxErrorMessageLength = 1024;
    /// <summary>The longest send reference accepted.</summary>
    public const int MaxReferenceLength = 64;

    /// <summary>The error code of a send whose claim's lease ended before an outcome was recorded.</summary>
    public const string LeaseExpiredCode = "LeaseExpired";

    /// <summary>The message recorded with <see cref="LeaseExpiredCode"/>.</summary>
    public const string LeaseExpiredMessage =
        "The claim's lease ended before an outcome was recorded: the sending process stopped, or could not record the outcome, before or after the provider call.";

    /// <summary>Checks a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The key is empty, too long, or has control characters or an unpaired surrogate.</exception>
    public static string ValidateKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("An idempotency key is required.", nameof(key));
        }

        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"An idempotency key has at most {MaxKeyLength} characters.", nameof(key));
        }

        if (key.Any(char.IsControl))
        {
            throw new ArgumentException("An idempotency key may not contain control characters.", nameof(key));
        }

        if (StoredText.HasUnkeepable(key))
        {
            // No store keeps half a surrogate pair (UTF-8 cannot encode it): two such keys could become one.
            throw new ArgumentException("An idempotency key may not contain an unpaired UTF-16 surrogate.", nameof(key));
        }

        return key;
    }

    /// <summary>Checks a send reference: 1 to 64 ASCII letters, digits, '_', '-', '.' or ':'.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentException">The reference is empty, too long or has other characters.</exception>
    public static string ValidateReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference.Length > MaxReferenceLength
            || !reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
        {
            throw new ArgumentException(
                $"A send reference has 1 to {MaxReferenceLength} ASCII letters, digits, '_', '-', '.' or ':'.", nameof(reference));
        }

        return reference;
    }

    /// <summary>
    /// A new send reference: <c>wac_</c> and 32 random hex digits. It names no person and no message, so providers may
    /// echo it in webhooks and logs.
    /// </summary>
    /// <returns>The reference.</returns>
    public static string NewReference() => string.Create(CultureInfo.InvariantCulture, $"wac_{Guid.NewGuid():N}");

    /// <summary>The record of a new claim.</summary>
    /// <param name="claim">The claim.</param>
    /// <returns>The record, in progress, attempt 1.</returns>
    /// <exception cref="ArgumentException">The key or reference is invalid, or the lease ends before the claim.</exception>
    public static SendRecord NewClaim(SendClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var claimedAt = ConsentChain.NormalizeTimestamp(claim.ClaimedAt);
        var lease = ConsentChain.NormalizeTimestamp(claim.LeaseExpiresAt);
        if (lease <= claimedAt)
        {
            throw new ArgumentException("A claim's lease ends after the claim.", nameof(claim));
        }

        if (!Enum.IsDefined(claim.Resend))
        {
            throw new ArgumentException("The resend policy is not one of ResendPolicy's values.", nameof(claim));
        }

        return new SendRecord
        {
            Key = ValidateKey(claim.Key),
            Status = SendStatus.InProgress,
            ClaimedAt = claimedAt,
            LeaseExpiresAt = lease,
            Reference = ValidateReference(claim.Reference),
        };
    }

    /// <summary>The record of a claim made the old way (key and time, a lease of <paramref name="lease"/>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="at">The claim time.</param>
    /// <param name="lease">How long the lease lasts.</param>
    /// <returns>The record.</returns>
    public static SendRecord NewClaim(string key, DateTimeOffset at, TimeSpan lease) => NewClaim(SendClaim.Create(key, at, lease));

    /// <summary>Whether a key's record may be claimed again under a resend policy.</summary>
    /// <param name="record">The record.</param>
    /// <param name="policy">The policy.</param>
    /// <returns><see langword="true"/> for a failed record under <see cref="ResendPolicy.IfFailed"/> or later, and an unknown one under <see cref="ResendPolicy.IfFailedOrUnknown"/>.</returns>
    public static bool MayResend(SendRecord record, ResendPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Status switch
        {
            SendStatus.Failed => policy is ResendPolicy.IfFailed or ResendPolicy.IfFailedOrUnknown,
            SendStatus.Unknown => policy is ResendPolicy.IfFailedOrUnknown,
            _ => false,
        };
    }

    /// <summary>The statuses <see cref="MayResend"/> accepts under a policy, for stores that check them in a query.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The statuses (none for <see cref="ResendPolicy.Never"/>).</returns>
    public static IReadOnlyList<SendStatus> ResendableStatuses(ResendPolicy policy) => policy switch
    {
        ResendPolicy.IfFailed => [SendStatus.Failed],
        ResendPolicy.IfFailedOrUnknown => [SendStatus.Failed, SendStatus.Unknown],
        _ => [],
    };

    /// <summary>
    /// The record of a chosen resend: a new attempt in progress with the claim's lease and reference, the attempt
    /// counted and the status it replaced kept; the earlier attempt's outcome fields are cleared.
    /// </summary>
    /// <param name="current">The record now (failed or unknown).</param>
    /// <param name="claim">The new claim.</param>
    /// <returns>The new record.</returns>
    public static SendRecord Reclaim(SendRecord current, SendClaim claim)
    {
        ArgumentNullException.ThrowIfNull(current);
        var fresh = NewClaim(claim);
        return fresh with { Attempt = current.Attempt + 1, PreviousStatus = current.Status };
    }

    /// <summary>Whether a record is in progress with a lease that ended at or before <paramref name="now"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="now">The time.</param>
    /// <returns>Whether recovery may turn it into an unknown outcome.</returns>
    public static bool IsAbandoned(SendRecord record, DateTimeOffset now) =>
        record.Status == SendStatus.InProgress && record.LeaseExpiresAt is { } lease && lease <= now;

    /// <summary>The record of an abandoned claim turned into an unknown outcome (<see cref="LeaseExpiredCode"/>).</summary>
    /// <param name="record">The record, in progress with an ended lease.</param>
    /// <param name="now">When recovery ran.</param>
    /// <returns>The unknown record.</returns>
    public static SendRecord Expire(SendRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record with
        {
            Status = SendStatus.Unknown,
            CompletedAt = ConsentChain.NormalizeTimestamp(now),
            ErrorCode = LeaseExpiredCode,
            ErrorMessage = LeaseExpiredMessage,
        };
    }

    /// <summary>
    /// Applies an outcome to a record (see <see cref="IIdempotencyStore.CompleteAsync"/>). The error message is cut to
    /// 1,024 characters; NUL characters and unpaired surrogates in the error code and message become U+FFFD.
    /// </summary>
    /// <param name="record">The current record.</param>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The new record, or <paramref name="record"/> itself when nothing changes.</returns>
    /// <exception cref="ArgumentException">The outcome is <see cref="SendStatus.InProgress"/>.</exception>
    public static SendRecord Apply(SendRecord record, SendOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == SendStatus.InProgress || !Enum.IsDefined(outcome.Status))
        {
            throw new ArgumentException("An outcome is Sent, Failed or Unknown.", nameof(outcome));
        }

        if (outcome.Reference is { } reference && record.Reference is { } current && !string.Equals(reference, current, StringComparison.Ordinal))
        {
            // The outcome of an attempt a chosen resend replaced: the current attempt is not its business.
            return record;
        }

        if (record.Status is SendStatus.Sent or SendStatus.Failed)
        {
            return record.ProviderMessageId is null && outcome.ProviderMessageId is not null
                ? record with { ProviderMessageId = outcome.ProviderMessageId }
                : record;
        }

        return record with
        {
            Status = outcome.Status,
            CompletedAt = ConsentChain.NormalizeTimestamp(outcome.CompletedAt),
            Gateway = outcome.Gateway ?? record.Gateway,
            ProviderMessageId = outcome.ProviderMessageId ?? record.ProviderMessageId,
            ErrorCode = StoredText.Clean(outcome.ErrorCode),
            ErrorMessage = StoredText.Clean(StoredText.Cut(outcome.ErrorMessage, MaxErrorMessageLength)),
            ConsentRecordId = outcome.ConsentRecordId ?? record.ConsentRecordId,
        };
    }
}
