using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Catalog;

/// <summary>A change to the catalog as decided and written: its event (none when refused), the catalog after it.</summary>
public sealed record CatalogOutcome(Decision Decision, CatalogState State, Guid? EventId);

/// <summary>
/// The catalog stream: written on the first start (the catalog stored as documents by an older version, carried
/// over once, or else the configured example services and counters), read before the service takes traffic, and
/// changed by admins' commands, each decided on the current catalog and appended naming the version decided on.
/// </summary>
public sealed class CatalogStore(IDocumentStore store, ServiceCatalog catalog, TimeProvider clock, Microsoft.Extensions.Options.IOptions<CatalogOptions> options, ILogger<CatalogStore> logger)
    : IHostedService, IHealthCheck
{
    private const int MaxAttempts = 5;
    private volatile bool loaded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await CreateIfMissingAsync(cancellationToken);
        await using var session = store.QuerySession();
        await catalog.CatchUpAsync(session, cancellationToken);
        loaded = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Not ready until the catalog has been read: before that, every service would look unknown.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(loaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The catalog has not been loaded yet."));

    /// <summary>The catalog with every change stored so far.</summary>
    public async Task<CatalogState> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        await catalog.CatchUpAsync(session, cancellationToken);
        return catalog.Known.State;
    }

    /// <summary>A service by its code; one this instance has not seen yet (created through another instance) is looked for in the store.</summary>
    public async Task<CatalogService?> FindServiceAsync(string code, CancellationToken cancellationToken) =>
        catalog.FindService(code) ?? (await CurrentAsync(cancellationToken)).Services.GetValueOrDefault(code);

    /// <summary>A counter by its id; one this instance has not seen yet is looked for in the store.</summary>
    public async Task<CatalogCounter?> FindCounterAsync(int id, CancellationToken cancellationToken) =>
        catalog.FindCounter(id) ?? (await CurrentAsync(cancellationToken)).Counters.GetValueOrDefault(id);

    /// <summary>Decides a change on the current catalog and appends it; decides again when another admin wrote first.</summary>
    public async Task<CatalogOutcome> ChangeAsync(Func<CatalogState, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await using var session = store.LightweightSession();
            await catalog.CatchUpAsync(session, cancellationToken);
            var (state, version) = catalog.Known;
            var decision = decide(state, clock.GetUtcNow());
            if (decision.Rejection is not null || decision.Events.Count == 0)
            {
                return new CatalogOutcome(decision, state, null);
            }

            var action = version == 0
                ? session.Events.StartStream(catalog.StreamKey, decision.Events)
                : session.Events.Append(catalog.StreamKey, version + decision.Events.Count, decision.Events);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception conflict) when (conflict is ConcurrencyException or ExistingStreamIdCollisionException)
            {
                continue;
            }

            var after = decision.Events.Aggregate(state, CatalogState.Evolve);
            catalog.Remember(after, version + decision.Events.Count);
            return new CatalogOutcome(decision, after, action.Events[^1].Id);
        }

        throw new ContendedException();
    }

    private async Task CreateIfMissingAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(catalog.StreamKey, cancellationToken) is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var storedServices = await session.Query<StoredService>().ToListAsync(cancellationToken);
        var storedCounters = await session.Query<StoredCounter>().ToListAsync(cancellationToken);
        List<object> events;
        if (storedServices.Count > 0 || storedCounters.Count > 0)
        {
            events = [.. storedServices.Select(s => new ServiceAdded(s.ToService(), now, "migration")),
                      .. storedCounters.OrderBy(c => c.Id).Select(c => new CounterAdded(c.ToCounter(), now, "migration"))];
            session.DeleteWhere<StoredService>(_ => true);
            session.DeleteWhere<StoredCounter>(_ => true);
        }
        else
        {
            events = [.. options.Value.Services.Select(s => new ServiceAdded(new CatalogService(s.Code, s.Name, s.Description, [.. s.WeekDays], s.IsActive, s.PriorityRun, s.TargetWaitMinutes), now, "configuration")),
                      .. options.Value.Counters.Select(c => new CounterAdded(new CatalogCounter(c.Id, c.Name, c.ServiceCode, c.StartTime, c.EndTime), now, "configuration"))];
        }

        if (events.Count == 0)
        {
            return;
        }

        session.Events.StartStream(catalog.StreamKey, events);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            logger.LogInformation(
                "Catalog stream written from {Source}: {Services} services, {Counters} counters",
                storedServices.Count + storedCounters.Count > 0 ? "the stored catalog documents" : "configuration",
                events.OfType<ServiceAdded>().Count(), events.OfType<CounterAdded>().Count());
        }
        catch (ExistingStreamIdCollisionException)
        {
            // Another instance starting at the same moment wrote it.
        }
    }
}

/// <summary>A service as an older version stored it (a document), read once to carry it into the catalog stream.</summary>
public sealed class StoredService
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public List<string> WeekDays { get; set; } = [];

    public CatalogService ToService() => new(Code, Name, Description, WeekDays.Count == 0 ? ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] : [.. WeekDays], IsActive);
}

/// <summary>A counter as an older version stored it (a document), read once to carry it into the catalog stream.</summary>
public sealed class StoredCounter
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string ServiceCode { get; set; } = "";
    public string StartTime { get; set; } = "00:00";
    public string EndTime { get; set; } = "24:00";

    public CatalogCounter ToCounter() => new(Id, Name, ServiceCode, StartTime, EndTime);
}
