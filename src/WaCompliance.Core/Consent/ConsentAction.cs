namespace WaCompliance.Consent;

/// <summary>What a consent event does.</summary>
public enum ConsentAction
{
    /// <summary>The person agreed to receive messages for the purpose.</summary>
    OptIn = 1,

    /// <summary>The person withdrew consent or objected (STOP, unsubscribe, erasure ...).</summary>
    OptOut = 2,
}
