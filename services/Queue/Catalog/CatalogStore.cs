using Marten;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QueueSystem.Contracts;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// Keeps the in-memory catalog equal to the stored one: stores the configured example services and
/// counters when the store has none (first start), loads before the service takes traffic, and
/// reloads every few seconds so changes made through another instance arrive. Publishes the catalog
/// when it changes (and every minute, for a read side that starts empty).
/// </summary>
public sealed class CatalogStore(
    IDocumentStore store, ServiceCatalog catalog, IBus bus, TimeProvider clock, Microsoft.Extensions.Options.IOptions<CatalogOptions> options, ILogger<CatalogStore> logger)
    : BackgroundService, IHealthCheck
{
    // One reload at a time: a timed reload that read before an admin's change committed must not replace
    // the catalog after the reload that change triggered (the new service would vanish for seconds).
    private readonly SemaphoreSlim reloading = new(1, 1);
    private volatile bool loaded;
    private string? publishedCatalog;
    private DateTimeOffset publishedAt;

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RepublishInterval = TimeSpan.FromMinutes(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(cancellationToken);
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            await using var session = store.QuerySession();
            var services = await session.Query<CatalogOptions.ServiceEntry>().ToListAsync(cancellationToken);
            var counters = await session.Query<CatalogOptions.CounterEntry>().ToListAsync(cancellationToken);
            catalog.Replace([.. services], [.. counters]);
            loaded = true;
        }
        finally
        {
            reloading.Release();
        }
    }

    public override void Dispose()
    {
        reloading.Dispose();
        base.Dispose();
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
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await PublishAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "The catalog could not be reloaded or published; the last copy stays in use");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The catalog as published to other services.</summary>
    public CatalogPublished Current() => new(
        catalog.FacilityId,
        options.Value.TimeZone,
        [.. catalog.Services.Select(s => new ServiceInfo(s.Code, s.Name, s.IsActive))],
        [.. catalog.Counters.Select(c => new CounterInfo(c.Id, c.Name, c.ServiceCode, c.StartTime, c.EndTime))],
        clock.GetUtcNow());

    /// <summary>Publishes the catalog when it differs from what was last published, or a minute has passed.</summary>
    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var message = Current();
        var content = System.Text.Json.JsonSerializer.Serialize(message with { At = default });
        if (content == publishedCatalog && now - publishedAt < RepublishInterval)
        {
            return;
        }

        await bus.Publish(message, cancellationToken);
        (publishedCatalog, publishedAt) = (content, now);
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
