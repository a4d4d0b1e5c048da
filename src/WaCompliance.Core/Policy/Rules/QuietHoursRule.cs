using System.Collections.Concurrent;
using WaCompliance.Jurisdictions;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// US-TCPA-QH, the US state windows (US-FL-QH ...) and INTL-QH-DEFAULT: marketing only inside local sending hours,
/// in every time zone the recipient could be in (the intersection); otherwise deferred to the next instant allowed in
/// all of them. DST-aware. An unknown US zone uses every US zone at once; an unknown zone elsewhere blocks or defers as
/// configured.
/// </summary>
internal sealed class QuietHoursRule : IComplianceRule
{
    private const string FederalId = "US-TCPA-QH";
    private const string FederalSource = "47 CFR 64.1200(c)(1); https://www.ecfr.gov/current/title-47/chapter-I/subchapter-B/part-64/subpart-L/section-64.1200";
    private const string StateSource = "State telemarketing laws, rules.md §4 (e.g. Fla. Stat. 501.059, 15 O.S. §775C, Tex. Bus. & Com. Code ch. 301)";
    private const string InternationalId = "INTL-QH-DEFAULT";
    private const string InternationalSource = "Internal courtesy default: no statute found for electronic messages (rules.md §7.7)";
    private static readonly string[] s_unitedStatesZones =
        ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"];

    private readonly SendWindow? _federal;
    private readonly Dictionary<string, SendWindow> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly SendWindow? _international;
    private readonly TimeZoneInfo[] _unitedStatesFallback;
    private readonly QuietHoursOptions _options;
    private readonly ConcurrentDictionary<NumberJurisdiction, Hours> _hours = new(ReferenceEqualityComparer.Instance);

    public QuietHoursRule(CompliancePolicyOptions options)
    {
        _options = options.QuietHours;
        var packs = options.Packs;
        _federal = packs.HasFlag(RulePacks.Tcpa) ? SendWindow.Parse(_options.UnitedStates) : null;
        if (packs.HasFlag(RulePacks.UsStates))
        {
            foreach (var (subdivision, specification) in _options.States)
            {
                if (!string.IsNullOrWhiteSpace(specification))
                {
                    var window = SendWindow.Parse(specification);
                    _states[subdivision] = _federal is null ? window : window.Intersect(_federal);
                }
            }
        }

        _international = string.IsNullOrWhiteSpace(_options.International) ? null : SendWindow.Parse(_options.International);
        _unitedStatesFallback = s_unitedStatesZones.Select(TimeZoneInfo.FindSystemTimeZoneById).ToArray();

        var parameters = new List<RuleParameter>
        {
            new("Policy:QuietHours:UnitedStates", _federal?.ToString() ?? "(TCPA pack off)"),
            new("Policy:QuietHours:International", _international?.ToString() ?? "(none)"),
            new("Policy:QuietHours:UnknownTimeZone", _options.UnknownTimeZone.ToString()),
        };
        parameters.AddRange(_states.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new RuleParameter($"Policy:QuietHours:States:{p.Key}", p.Value.ToString())));
        Descriptor = new RuleDescriptor(
            FederalId, RulePacks.Tcpa | RulePacks.UsStates,
            "Marketing only inside the recipient's local sending hours (federal, state, or the international default), in every time zone the number may be in; otherwise deferred to the next allowed instant.",
            [ViolationCodes.QuietHours, ViolationCodes.TimeZoneUnknown],
            $"{FederalSource}; {StateSource}; {InternationalSource}")
        {
            Parameters = parameters,
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (!context.IsMarketing)
        {
            return;
        }

        var hours = _hours.GetOrAdd(context.Jurisdiction, Resolve);
        if (hours.Window is null)
        {
            return;
        }

        if (hours.Zones.Length == 0)
        {
            var message = "The recipient's time zone is unknown, so its local sending hours cannot be respected; set a jurisdiction override with the time zone.";
            var descriptor = Describe(hours);
            if (_options.UnknownTimeZone == UnknownTimeZoneAction.Defer)
            {
                violations.Defer(descriptor, ViolationCodes.TimeZoneUnknown, message, context.Now + _options.UnknownTimeZoneRetry);
            }
            else
            {
                violations.Block(descriptor, ViolationCodes.TimeZoneUnknown, message);
            }

            return;
        }

        var now = context.Now;
        var cached = hours.Cache;
        if (cached is null || now < cached.From || now >= cached.Until)
        {
            cached = Compute(hours, now);
            hours.Cache = cached;
        }

        if (cached.Allowed)
        {
            return;
        }

        if (cached.Until == DateTimeOffset.MaxValue)
        {
            violations.Block(Describe(hours), ViolationCodes.QuietHours,
                $"The recipient's possible time zones share no sending hours ({hours.Window}); set a jurisdiction override with the time zone.");
            return;
        }

        violations.Defer(Describe(hours), ViolationCodes.QuietHours,
            $"Outside the recipient's local sending hours ({hours.Window}, {string.Join(", ", hours.Zones.Select(z => z.Id))}).",
            cached.Until);
    }

    private RuleDescriptor Describe(Hours hours) =>
        new(hours.RuleId, Descriptor.Pack, Descriptor.Summary, Descriptor.Codes, hours.Source);

    private Hours Resolve(NumberJurisdiction jurisdiction)
    {
        SendWindow? window;
        string ruleId;
        string source;
        if (jurisdiction.IsUnitedStates && !jurisdiction.IsAssumed)
        {
            if (jurisdiction.Subdivision is { } state && _states.TryGetValue(state, out var stateWindow))
            {
                (window, ruleId, source) = (stateWindow, $"{state}-QH", StateSource);
            }
            else
            {
                (window, ruleId, source) = (_federal, FederalId, FederalSource);
            }
        }
        else
        {
            (window, ruleId, source) = (_international, InternationalId, InternationalSource);
        }

        var zones = jurisdiction.IsTimeZoneKnown
            ? [.. jurisdiction.TimeZones]
            : jurisdiction.IsUnitedStates && !jurisdiction.IsAssumed ? _unitedStatesFallback : [];
        return new Hours(window, zones, ruleId, source);
    }

    private static Interval Compute(Hours hours, DateTimeOffset now)
    {
        var window = hours.Window!;
        if (AllowedAt(hours, now))
        {
            var until = DateTimeOffset.MaxValue;
            foreach (var zone in hours.Zones)
            {
                var local = TimeZoneInfo.ConvertTime(now, zone);
                var day = window.HoursOn(local.DayOfWeek)!.Value;
                var end = day.End == TimeOnly.MaxValue ? local.Date.AddDays(1) : local.Date + day.End.ToTimeSpan();
                var endUtc = ToUtc(end, zone);
                if (endUtc < until)
                {
                    until = endUtc;
                }
            }

            return new Interval(now, until > now ? until : now.AddTicks(1), true);
        }

        // The next allowed instant is the start of a window in one of the zones: try them in order.
        var candidates = new List<DateTimeOffset>();
        foreach (var zone in hours.Zones)
        {
            var today = TimeZoneInfo.ConvertTime(now, zone).Date;
            for (var d = 0; d <= 8; d++)
            {
                var date = today.AddDays(d);
                if (window.HoursOn(date.DayOfWeek) is { } day)
                {
                    var start = ToUtc(date + day.Start.ToTimeSpan(), zone);
                    if (start > now)
                    {
                        candidates.Add(start);
                    }
                }
            }
        }

        candidates.Sort();
        foreach (var candidate in candidates)
        {
            if (AllowedAt(hours, candidate))
            {
                return new Interval(now, candidate, false);
            }
        }

        return new Interval(now, DateTimeOffset.MaxValue, false);
    }

    private static bool AllowedAt(Hours hours, DateTimeOffset instant)
    {
        foreach (var zone in hours.Zones)
        {
            if (!hours.Window!.Contains(TimeZoneInfo.ConvertTime(instant, zone).DateTime))
            {
                return false;
            }
        }

        return true;
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            // Inside a spring-forward gap: the wall clock jumps, so the first valid instant is later.
            unspecified = unspecified.AddMinutes(30);
        }

        var offset = zone.IsAmbiguousTime(unspecified)
            ? zone.GetAmbiguousTimeOffsets(unspecified).Min()
            : zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    /// <summary>The window and zones of one jurisdiction, and the last computed interval.</summary>
    private sealed class Hours(SendWindow? window, TimeZoneInfo[] zones, string ruleId, string source)
    {
        private volatile Interval? _cache;

        public SendWindow? Window { get; } = window;

        public TimeZoneInfo[] Zones { get; } = zones;

        public string RuleId { get; } = ruleId;

        public string Source { get; } = source;

        public Interval? Cache
        {
            get => _cache;
            set => _cache = value;
        }
    }

    /// <summary>An interval over which the answer is the same: allowed, or deferred until <see cref="Until"/>.</summary>
    private sealed record Interval(DateTimeOffset From, DateTimeOffset Until, bool Allowed);
}
