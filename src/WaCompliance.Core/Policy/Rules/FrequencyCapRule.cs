using WaCompliance.Counters;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// US-FL-FREQ, US-OK-FREQ, US-MD-FREQ and the application's own caps: at most N messages of a purpose (or on one
/// subject) in a sliding period; the next one is deferred until the oldest counted message leaves the period.
/// </summary>
internal sealed class FrequencyCapRule : IComplianceRule
{
    private const string StateSource = "Fla. Stat. 501.059(8); 15 O.S. §775C.4; Md. Com. Law §14-4503 (rules.md §4)";
    private readonly StateFrequencyCapOptions? _state;
    private readonly HashSet<string> _stateSubdivisions = new(StringComparer.OrdinalIgnoreCase);
    private readonly (ConsentPurpose Purpose, int Max, TimeSpan Period)[] _caps;

    public FrequencyCapRule(CompliancePolicyOptions options)
    {
        if (options.Packs.HasFlag(RulePacks.UsStates))
        {
            _state = options.StateFrequencyCap;
            _stateSubdivisions.UnionWith(_state.EffectiveSubdivisions);
        }

        _caps = (options.FrequencyCaps ?? []).Select(c => (ConsentPurpose.Parse(c.Purpose), c.Max, c.Period)).ToArray();
        var parameters = new List<RuleParameter>();
        if (_state is not null)
        {
            parameters.Add(new RuleParameter("Policy:StateFrequencyCap:Max", _state.Max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            parameters.Add(new RuleParameter("Policy:StateFrequencyCap:Period", _state.Period.ToString()));
            parameters.Add(new RuleParameter("Policy:StateFrequencyCap:Subdivisions", string.Join(", ", _state.EffectiveSubdivisions)));
        }

        parameters.Add(new RuleParameter("Policy:FrequencyCaps", _caps.Length == 0
            ? "(none)"
            : string.Join("; ", _caps.Select(c => $"{c.Purpose} {c.Max} per {c.Period}"))));
        Descriptor = new RuleDescriptor(
            "US-FL-FREQ", RulePacks.UsStates,
            "At most 3 marketing messages on the same subject per 24 hours to Florida, Oklahoma and Maryland numbers, and the application's own caps per purpose; the next is deferred.",
            [ViolationCodes.FrequencyCap],
            StateSource)
        {
            Parameters = parameters,
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.ConsentPurpose is not { } purpose)
        {
            return;
        }

        var recent = context.RecentMessages;
        if (_state is not null
            && purpose == ConsentPurpose.Marketing
            && context.Jurisdiction.Subdivision is { } subdivision
            && _stateSubdivisions.Contains(subdivision))
        {
            var topic = context.Message.Topic;
            var since = context.Now - _state.Period;
            if (NotBefore(recent, since, _state.Max, _state.Period, e =>
                e.Purpose == ConsentPurpose.Marketing
                && (topic is null || e.Topic is null || string.Equals(e.Topic, topic, StringComparison.OrdinalIgnoreCase))) is { } notBefore)
            {
                violations.Defer(Descriptor with { Id = $"{subdivision}-FREQ" }, ViolationCodes.FrequencyCap,
                    $"{subdivision} allows at most {_state.Max} marketing messages on the same subject per {_state.Period.TotalHours:0} hours.",
                    notBefore);
            }
        }

        foreach (var cap in _caps)
        {
            if (cap.Purpose != purpose)
            {
                continue;
            }

            if (NotBefore(recent, context.Now - cap.Period, cap.Max, cap.Period, e => e.Purpose == cap.Purpose) is { } notBefore)
            {
                violations.Defer(Descriptor with { Id = "APP-FREQ-CAP", Source = "Application policy (Policy:FrequencyCaps)" }, ViolationCodes.FrequencyCap,
                    $"At most {cap.Max} {cap.Purpose} messages per {cap.Period} to one person.", notBefore);
            }
        }
    }

    /// <summary>When the count of matching messages since an instant drops below the cap, or null if it is below already.</summary>
    private static DateTimeOffset? NotBefore(
        IReadOnlyList<MessageCountEntry> recent,
        DateTimeOffset since,
        int max,
        TimeSpan period,
        Func<MessageCountEntry, bool> matches)
    {
        var count = 0;
        for (var i = 0; i < recent.Count; i++)
        {
            if (recent[i].SentAt > since && matches(recent[i]))
            {
                count++;
            }
        }

        if (count < max)
        {
            return null;
        }

        // Entries are oldest first: once the (count - max + 1) oldest have left the period, one more may go.
        var toExpire = count - max;
        foreach (var entry in recent)
        {
            if (entry.SentAt > since && matches(entry) && toExpire-- == 0)
            {
                return entry.SentAt + period;
            }
        }

        return null;
    }
}
