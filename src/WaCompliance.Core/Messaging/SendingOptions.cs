namespace WaCompliance.Messaging;

/// <summary>How the messenger sends: retries, circuit breaker, timeouts and throughput (section <c>WhatsAppCompliance:Sending</c>).</summary>
public sealed class SendingOptions
{
    /// <summary>Retries after a rate-limit or transient error, or a request that never reached the provider (3).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter (1 second).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After honoured; a provider asking for longer is treated as refusing (60 seconds).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take. A timed-out attempt has an unknown outcome and is never retried (30 seconds).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of failing attempts that opens a gateway's circuit (0.5).</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts in the sampling period before the circuit may open (20).</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>The period failures are counted over (30 seconds).</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses sends (15 seconds).</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Messages per second per sender number (80: the Cloud API default throughput).</summary>
    public double MessagesPerSecondPerSender { get; set; } = 80;

    /// <summary>
    /// How long an idempotency claim's lease lasts (10 minutes). No provider attempt starts unless it can finish
    /// (<see cref="AttemptTimeout"/>) before the lease ends, so a claim still in progress after its lease was abandoned
    /// (the process died, or the outcome could not be recorded), and <see cref="SendRecovery"/> reports it as unknown.
    /// Must be more than <see cref="AttemptTimeout"/>.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether <see cref="SendRecovery"/> runs once when the host has started (true).</summary>
    public bool RecoverOnStart { get; set; } = true;

    /// <summary>How many messages <c>SendManyAsync</c> sends at once by default (8).</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>The randomness of retry jitter, a number in [0, 1); <see langword="null"/> for the shared generator. Tests make it deterministic.</summary>
    public Func<double>? Randomizer { get; set; }
}
