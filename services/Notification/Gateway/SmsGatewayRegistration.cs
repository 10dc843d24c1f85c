using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using QueueSystem.Notification.Sending;

namespace QueueSystem.Notification.Gateway;

/// <summary>The gateway's circuit, shared by the resilience pipeline (which sets it) and the health check (which reports it).</summary>
public sealed class SmsGatewayCircuit
{
    public CircuitBreakerStateProvider State { get; } = new();
}

/// <summary>Degraded while the circuit is open: texts wait for redelivery instead of reaching patients.</summary>
public sealed class SmsGatewayHealthCheck(SmsGatewayCircuit circuit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(circuit.State.CircuitState is CircuitState.Closed or CircuitState.HalfOpen
            ? HealthCheckResult.Healthy($"SMS gateway circuit {circuit.State.CircuitState}")
            : HealthCheckResult.Degraded($"SMS gateway circuit {circuit.State.CircuitState}: messages wait for redelivery"));
}

public static class SmsGatewayRegistration
{
    /// <summary>
    /// The HTTP gateway client with its own pipeline instead of the standard one: a timeout per attempt,
    /// quick retries with jitter for transient failures only (5xx, 408, 429, timeouts, connection
    /// errors; never another 4xx), and a circuit breaker so a gateway that is down is not hammered.
    /// </summary>
    public static IServiceCollection AddHttpSmsGateway(this IServiceCollection services, SmsGatewayOptions gateway)
    {
        services.AddSingleton<SmsGatewayCircuit>();
        services.AddHealthChecks().AddCheck<SmsGatewayHealthCheck>("sms-gateway");
        services.AddTransient<ISmsSender>(provider => provider.GetRequiredService<HttpSmsGateway>());
        var attemptTimeout = TimeSpan.FromSeconds(gateway.AttemptTimeoutSeconds);
        // The standard pipeline every client gets (ServiceDefaults) gives way to this gateway's own.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental, and is the documented way to replace the default.
        services.AddHttpClient<HttpSmsGateway>()
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .AddResilienceHandler("sms-gateway", (pipeline, context) =>
            {
                var circuit = context.ServiceProvider.GetRequiredService<SmsGatewayCircuit>();
                var logger = context.ServiceProvider.GetRequiredService<ILogger<HttpSmsGateway>>();
                pipeline.AddTimeout(gateway.LongestAttempt);
                if (gateway.Retries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = gateway.Retries,
                        Delay = TimeSpan.FromSeconds(gateway.RetryDelaySeconds),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = gateway.BreakFailureRatio,
                    MinimumThroughput = gateway.BreakMinimumCalls,
                    SamplingDuration = TimeSpan.FromSeconds(gateway.BreakSamplingSeconds),
                    BreakDuration = TimeSpan.FromSeconds(gateway.BreakSeconds),
                    StateProvider = circuit.State,
                    OnOpened = args =>
                    {
                        logger.LogError("SMS gateway circuit opened for {Seconds} s after repeated failures", args.BreakDuration.TotalSeconds);
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        logger.LogInformation("SMS gateway circuit closed: the gateway answers again");
                        return ValueTask.CompletedTask;
                    },
                });
                pipeline.AddTimeout(attemptTimeout);
            });
        return services;
    }
}
