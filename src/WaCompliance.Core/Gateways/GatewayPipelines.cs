using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using WaCompliance.Messaging;

namespace WaCompliance.Gateways;

/// <summary>
/// One Polly v8 pipeline per gateway: retry with exponential backoff and jitter (honouring Retry-After) of answers
/// that say the request was not processed (<see cref="ProviderError.IsRetryable"/>: 429 and other rate limits, 503 with
/// Retry-After, transient 4xx refusals) and of requests that never reached the provider (connection refused, name
/// resolution, TLS); a circuit breaker; and a per-attempt timeout. A timed-out attempt and a server error that may
/// have been processed (<see cref="ProviderError.IsOutcomeUnknown"/>) are unknown outcomes, never retried.
/// </summary>
internal sealed class GatewayPipelines
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<GatewaySendResult>> _pipelines = new(StringComparer.Ordinal);
    private readonly SendingOptions _options;
    private readonly TimeProvider _time;

    public GatewayPipelines(SendingOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public ResiliencePipeline<GatewaySendResult> For(IMessageGateway gateway) => _pipelines.GetOrAdd(gateway.Name, static (_, pipelines) => pipelines.Build(), this);

    /// <summary>Whether an exception means the request never reached the provider, so sending again cannot duplicate it.</summary>
    public static bool NeverSent(Exception exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        };

    private ResiliencePipeline<GatewaySendResult> Build()
    {
        var retry = new RetryStrategyOptions<GatewaySendResult>
        {
            MaxRetryAttempts = Math.Max(1, _options.MaxRetryAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            ShouldHandle = args => ValueTask.FromResult(_options.MaxRetryAttempts > 0 && ShouldRetry(args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.Error?.RetryAfter),
        };
        if (_options.Randomizer is { } randomizer)
        {
            retry.Randomizer = randomizer;
        }

        var breaker = new CircuitBreakerStrategyOptions<GatewaySendResult>
        {
            FailureRatio = _options.CircuitBreakerFailureRatio,
            MinimumThroughput = _options.CircuitBreakerMinimumThroughput,
            SamplingDuration = _options.CircuitBreakerSamplingDuration,
            BreakDuration = _options.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Result?.Error is { Kind: ProviderErrorKind.Transient } or { IsOutcomeUnknown: true }
                || args.Outcome.Exception is TimeoutRejectedException
                || (args.Outcome.Exception is { } e && NeverSent(e))),
        };

        return new ResiliencePipelineBuilder<GatewaySendResult> { TimeProvider = _time }
            .AddRetry(retry)
            .AddCircuitBreaker(breaker)
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    private bool ShouldRetry(Outcome<GatewaySendResult> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            return NeverSent(exception);
        }

        var error = outcome.Result?.Error;
        return error is { IsRetryable: true } && (error.RetryAfter is not { } after || after <= _options.MaxRetryAfter);
    }
}
