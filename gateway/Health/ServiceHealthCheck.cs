using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QueueSystem.Gateway.Health;

/// <summary>Healthy when a backend service's own <c>/health</c> says it is ready (its servers included).</summary>
public sealed class ServiceHealthCheck(IHttpClientFactory clients, string service) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = clients.CreateClient();
            using var response = await client.GetAsync(new Uri($"http://{service}/health"), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode}.");
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{service} is unreachable.", exception);
        }
    }
}

public static class BackendHealthChecks
{
    /// <summary>The services behind the gateway, by their service-discovery names.</summary>
    private static readonly string[] Services = ["identity", "queue", "notification", "display", "display-2"];

    /// <summary>The gateway is ready only when every service behind it is.</summary>
    public static IHealthChecksBuilder AddBackendServices(this IHealthChecksBuilder checks)
    {
        foreach (var service in Services)
        {
            checks.Add(new HealthCheckRegistration(
                service,
                provider => new ServiceHealthCheck(provider.GetRequiredService<IHttpClientFactory>(), service),
                HealthStatus.Unhealthy,
                ["ready"],
                TimeSpan.FromSeconds(5)));
        }

        return checks;
    }
}
