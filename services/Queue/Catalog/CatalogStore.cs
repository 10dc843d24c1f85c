using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// Keeps the in-memory catalog equal to the stored one: stores the configured example services and
/// counters when the store has none (first start), loads before the service takes traffic, and
/// reloads every few seconds so changes made through another instance arrive.
/// </summary>
public sealed class CatalogStore(IDocumentStore store, ServiceCatalog catalog, Microsoft.Extensions.Options.IOptions<CatalogOptions> options, ILogger<CatalogStore> logger)
    : BackgroundService, IHealthCheck
{
    private volatile bool loaded;

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(cancellationToken);
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var services = await session.Query<CatalogOptions.ServiceEntry>().ToListAsync(cancellationToken);
        var counters = await session.Query<CatalogOptions.CounterEntry>().ToListAsync(cancellationToken);
        catalog.Replace([.. services], [.. counters]);
        loaded = true;
    }

    /// <summary>Not ready until the catalog has been read: before that, every service would look unknown.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(loaded
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The catalog has not been loaded yet."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "The catalog could not be reloaded; the last copy stays in use");
            }
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.Query<CatalogOptions.ServiceEntry>().AnyAsync(cancellationToken))
        {
            return;
        }

        session.Store([.. options.Value.Services]);
        session.Store([.. options.Value.Counters]);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Stored {Services} example services and {Counters} counters from configuration", options.Value.Services.Count, options.Value.Counters.Count);
    }
}
