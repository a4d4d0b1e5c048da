using WaCompliance.Consent;
using WaCompliance.Internal;

namespace WaCompliance.Decisions;

/// <summary>Validation and normalization of decision records, the same for every store.</summary>
public static class DecisionRecords
{
    /// <summary>
    /// Checks a record and normalizes its timestamps to microseconds; NUL characters and unpaired surrogates in its text
    /// become U+FFFD (no store can keep them, and a decision is never lost for its text).
    /// </summary>
    /// <param name="record">The record.</param>
    /// <returns>The record to store.</returns>
    /// <exception cref="ArgumentException">A required field is missing or a field is too long.</exception>
    public static DecisionRecord Normalize(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Subject.IsEmpty)
        {
            throw new ArgumentException("A decision record needs the recipient's subject key.", nameof(record));
        }

        if (!Enum.IsDefined(record.Outcome))
        {
            throw new ArgumentException($"{record.Outcome} is not a decision outcome.", nameof(record));
        }

        if (record.Outcome == DecisionOutcome.Deferred && record.NotBefore is null)
        {
            throw new ArgumentException("A deferred decision needs NotBefore.", nameof(record));
        }

        CheckLength(record.Sender, nameof(record.Sender), 32);
        CheckLength(record.IdempotencyKey, nameof(record.IdempotencyKey), 256);
        CheckLength(record.CampaignId, nameof(record.CampaignId), 256);
        CheckLength(record.MessageKind, nameof(record.MessageKind), 32);
        CheckLength(record.TemplateName, nameof(record.TemplateName), 512);

        if (HasUnkeepable(record))
        {
            record = record with
            {
                Sender = StoredText.Clean(record.Sender),
                IdempotencyKey = StoredText.Clean(record.IdempotencyKey),
                CampaignId = StoredText.Clean(record.CampaignId),
                MessageKind = StoredText.Clean(record.MessageKind),
                TemplateName = StoredText.Clean(record.TemplateName),
                ViolationCodes = record.ViolationCodes?.Select(code => StoredText.Clean(code)!).ToArray() ?? [],
            };
        }

        var decidedAt = ConsentChain.NormalizeTimestamp(record.DecidedAt);
        DateTimeOffset? notBefore = record.NotBefore is { } at ? ConsentChain.NormalizeTimestamp(at) : null;
        if (decidedAt.Equals(record.DecidedAt) && decidedAt.Offset == record.DecidedAt.Offset
            && Nullable.Equals(notBefore, record.NotBefore) && (record.NotBefore is null || record.NotBefore.Value.Offset == TimeSpan.Zero)
            && record.ViolationCodes is not null)
        {
            // Already in stored form: no copy.
            return record;
        }

        return record with
        {
            DecidedAt = decidedAt,
            NotBefore = notBefore,
            ViolationCodes = record.ViolationCodes ?? [],
        };
    }

    private static bool HasUnkeepable(DecisionRecord record)
    {
        if (StoredText.HasUnkeepable(record.Sender) || StoredText.HasUnkeepable(record.IdempotencyKey) || StoredText.HasUnkeepable(record.CampaignId)
            || StoredText.HasUnkeepable(record.MessageKind) || StoredText.HasUnkeepable(record.TemplateName))
        {
            return true;
        }

        if (record.ViolationCodes is { } codes)
        {
            for (var i = 0; i < codes.Count; i++)
            {
                if (StoredText.HasUnkeepable(codes[i]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void CheckLength(string? value, string name, int max)
    {
        if (value is { } text && text.Length > max)
        {
            throw new ArgumentException($"{name} has at most {max} characters.", "record");
        }
    }
}
