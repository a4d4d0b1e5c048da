namespace WaCompliance.Idempotency;

/// <summary>The result of claiming an idempotency key.</summary>
/// <param name="IsNew">Whether this call claimed the key: only then may the caller send.</param>
/// <param name="Record">The record: new and in progress, or the one of the earlier claim.</param>
public sealed record IdempotencyClaim(bool IsNew, SendRecord Record);
