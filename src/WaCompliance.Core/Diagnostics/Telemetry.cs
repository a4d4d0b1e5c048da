using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace WaCompliance.Diagnostics;

/// <summary>The shared meter, activity source and instruments.</summary>
internal static class Telemetry
{
    private static readonly string s_version =
        typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static ActivitySource Source { get; } = new(WaComplianceDiagnostics.ActivitySourceName, s_version);

    public static Meter Meter { get; } = new(WaComplianceDiagnostics.MeterName, s_version);

    /// <summary>Consent events recorded; tags: action, method, purpose.</summary>
    public static Counter<long> ConsentRecorded { get; } =
        Meter.CreateCounter<long>("wacompliance.consent.recorded", "{event}", "Consent events appended to the ledger.");

    /// <summary>Consent events refused as invalid; tag: code.</summary>
    public static Counter<long> ConsentRejected { get; } =
        Meter.CreateCounter<long>("wacompliance.consent.rejected", "{event}", "Consent events refused as invalid.");

    /// <summary>Erasures carried out.</summary>
    public static Counter<long> Erasures { get; } =
        Meter.CreateCounter<long>("wacompliance.erasures", "{subject}", "Data subject erasures carried out.");

    /// <summary>Ledger verifications; tag: result (valid, tampered).</summary>
    public static Counter<long> LedgerVerifications { get; } =
        Meter.CreateCounter<long>("wacompliance.ledger.verifications", "{verification}", "Consent ledger verifications.");

    /// <summary>Compliance decisions; tags: outcome, code (the first violation's).</summary>
    public static Counter<long> Decisions { get; } =
        Meter.CreateCounter<long>("wacompliance.decisions", "{decision}", "Compliance decisions taken.");

    /// <summary>Records a decision on the counter (no personal data: outcome and first code only).</summary>
    /// <param name="decision">The decision.</param>
    public static void RecordDecision(Policy.ComplianceDecision decision)
    {
        if (!Decisions.Enabled)
        {
            return;
        }

        Decisions.Add(
            1,
            new KeyValuePair<string, object?>("outcome", decision.Outcome.ToString()),
            new KeyValuePair<string, object?>("code", decision.Violations.Count > 0 ? decision.Violations[0].Code : "NONE"));
    }

    /// <summary>Send outcomes; tags: provider, status.</summary>
    public static Counter<long> Sends { get; } =
        Meter.CreateCounter<long>("wacompliance.sends", "{message}", "Messages through the messenger, by outcome.");

    /// <summary>Records a send outcome.</summary>
    /// <param name="provider">The provider, or "none" when nothing reached one.</param>
    /// <param name="status">The outcome.</param>
    public static void RecordSend(string provider, Messaging.SendResultStatus status)
    {
        if (Sends.Enabled)
        {
            Sends.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("status", status.ToString()));
        }
    }

    /// <summary>Suppression entries added; tag: reason.</summary>
    public static Counter<long> SuppressionsAdded { get; } =
        Meter.CreateCounter<long>("wacompliance.suppressions.added", "{entry}", "Entries added to the suppression list.");
}
