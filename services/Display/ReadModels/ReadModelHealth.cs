using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace QueueSystem.Display.ReadModels;

/// <summary>Creates the read models before the service takes traffic.</summary>
public sealed class ReadModelInitializer(IConfiguration configuration, ILogger<ReadModelInitializer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        ReadModelSchema.EnsureCreatedAsync(configuration.GetConnectionString("displaydb")!, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Healthy while MariaDB answers a ping.</summary>
public sealed class MySqlHealthCheck(MySqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await connection.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("MariaDB did not answer the ping.");
        }
        catch (MySqlException exception)
        {
            return HealthCheckResult.Unhealthy("MariaDB is unreachable.", exception);
        }
    }
}
