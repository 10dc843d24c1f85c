using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;
using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace QueueSystem.AppHost.Infrastructure;

/// <summary>
/// A server is healthy when it answers its own protocol, not merely when its port is open: services
/// wait for this before they start.
/// </summary>
public static class ServerReadiness
{
    public static void AddChecks(IDistributedApplicationBuilder builder, Servers servers)
    {
        Add(builder, servers.Postgres, async (connectionString, cancellationToken) =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
        });
        Add(builder, servers.MariaDb, async (connectionString, cancellationToken) =>
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            if (!await connection.PingAsync(cancellationToken))
            {
                throw new InvalidOperationException("MariaDB did not answer the ping.");
            }
        });
        Add(builder, servers.RabbitMq, async (connectionString, cancellationToken) =>
        {
            var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        });
        Add(builder, servers.Redis, async (connectionString, cancellationToken) =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.ConnectTimeout = 2000;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
        });
    }

    private static void Add(IDistributedApplicationBuilder builder, Server server, Func<string, CancellationToken, Task> probe)
    {
        var name = $"{server.Resource.Resource.Name}-ready";
        builder.Services.AddHealthChecks().AddAsyncCheck(name, async cancellationToken =>
        {
            try
            {
                var connectionString = await server.ConnectionString.GetValueAsync(cancellationToken)
                    ?? throw new InvalidOperationException("No connection string yet.");
                await probe(connectionString, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        });
        server.Resource.WithHealthCheck(name);
    }
}
