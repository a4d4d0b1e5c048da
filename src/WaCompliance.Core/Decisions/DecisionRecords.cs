using WaCompliance.Consent;

namespace WaCompliance.Decisions;

/// <summary>Validation and normalization of decision records, the same for every store.</summary>
public static class DecisionRecords
{
    /// <summary>Checks a record and normalizes its timestamps to microseconds.</summary>
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

        foreach (var (value, name, max) in new[]
        {
            (record.Sender, nameof(record.Sender), 32),
            (record.IdempotencyKey, nameof(record.IdempotencyKey), 256),
            (record.CampaignId, nameof(record.CampaignId), 256),
            (record.MessageKind, nameof(record.MessageKind), 32),
            (record.TemplateName, nameof(record.TemplateName), 512),
        })
        {
            if (value is { } text && text.Length > max)
            {
                throw new ArgumentException($"{name} has at most {max} characters.", nameof(record));
            }
        }

        return record with
        {
            DecidedAt = ConsentChain.NormalizeTimestamp(record.DecidedAt),
            NotBefore = record.NotBefore is { } notBefore ? ConsentChain.NormalizeTimestamp(notBefore) : null,
            ViolationCodes = record.ViolationCodes ?? [],
        };
    }
}
