namespace WaCompliance.Diagnostics;

/// <summary>
/// The names under which WaCompliance publishes telemetry. Subscribe with OpenTelemetry's
/// <c>AddMeter(WaComplianceDiagnostics.MeterName)</c> and <c>AddSource(WaComplianceDiagnostics.ActivitySourceName)</c>.
/// No phone number, message text or secret is ever a tag or a log value; people appear only as short subject keys.
/// </summary>
public static class WaComplianceDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string MeterName = "WaCompliance";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name.</summary>
    public const string ActivitySourceName = "WaCompliance";
}
