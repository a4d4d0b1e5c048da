namespace WaCompliance.Messaging;

/// <summary>How far a batch has come, reported after each message.</summary>
/// <param name="Completed">Messages finished so far.</param>
/// <param name="Sent">Sent.</param>
/// <param name="Blocked">Blocked by the policy.</param>
/// <param name="Deferred">Deferred by the policy.</param>
/// <param name="Failed">Refused by the provider, unknown or duplicate.</param>
public readonly record struct SendProgress(int Completed, int Sent, int Blocked, int Deferred, int Failed);
