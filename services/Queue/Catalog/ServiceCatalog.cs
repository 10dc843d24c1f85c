using JasperFx.Events;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// Answers what the commands need to know about services and counters, from the catalog stream folded in
/// memory. Brought up to date from the event store before every group of commands and every read of the
/// catalog (one indexed read, usually of nothing), so every Queue instance decides on the current catalog.
/// </summary>
public sealed class ServiceCatalog(Microsoft.Extensions.Options.IOptions<CatalogOptions> options, TimeProvider clock)
{
    private readonly CatalogOptions settings = options.Value;
    private readonly TimeZoneInfo timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    private readonly Lock replacing = new();
    private volatile Snapshot current = Snapshot.Of(CatalogState.Empty, 0);

    /// <summary>The catalog as of a stream version, in order and indexed: every join and every relayed event looks services and counters up.</summary>
    private sealed record Snapshot(CatalogState State, long Version, IReadOnlyList<CatalogService> Services, IReadOnlyList<CatalogCounter> Counters, ILookup<string, CatalogCounter> CountersByService)
    {
        public static Snapshot Of(CatalogState state, long version) =>
            new(state, version, [.. state.Services.Values], [.. state.Counters.Values], state.Counters.Values.ToLookup(c => c.ServiceCode, StringComparer.Ordinal));
    }

    public string FacilityId => settings.FacilityId;

    public string StreamKey => StreamKeys.ForCatalog(settings.FacilityId);

    public int DefaultServiceMinutes => settings.DefaultServiceMinutes;

    public int ReminderPosition => settings.ReminderPosition;

    /// <summary>The catalog as this instance knows it, and the stream version that is.</summary>
    public (CatalogState State, long Version) Known => (current.State, current.Version);

    /// <summary>Folds the catalog's events stored since the version known.</summary>
    public async Task CatchUpAsync(Marten.IQuerySession session, CancellationToken cancellationToken) =>
        Apply(await session.Events.FetchStreamAsync(StreamKey, fromVersion: current.Version + 1, token: cancellationToken));

    /// <summary>Folds events read from the stream after a version known before; those known since are skipped.</summary>
    public void Apply(IReadOnlyList<IEvent> newer)
    {
        lock (replacing)
        {
            var known = current;
            var unseen = newer.Where(e => e.Version > known.Version).ToList();
            if (unseen.Count > 0)
            {
                current = Snapshot.Of(unseen.Aggregate(known.State, (state, e) => CatalogState.Evolve(state, e.Data)), unseen[^1].Version);
            }
        }
    }

    /// <summary>Keeps a catalog this instance wrote or read, unless a newer one is kept already.</summary>
    public void Remember(CatalogState state, long version)
    {
        lock (replacing)
        {
            if (version > current.Version)
            {
                current = Snapshot.Of(state, version);
            }
        }
    }

    public CatalogService? FindService(string code) => current.State.Services.GetValueOrDefault(code);

    public IReadOnlyList<CatalogService> Services => current.Services;

    public IReadOnlyList<CatalogCounter> Counters => current.Counters;

    public CatalogCounter? FindCounter(int id) => current.State.Counters.GetValueOrDefault(id);

    /// <summary>The service's rules for mixing levels; the defaults for a service unknown here.</summary>
    public ServiceRules RulesOf(string serviceCode) => FindService(serviceCode)?.Rules ?? ServiceRules.Default;

    public IReadOnlyList<CatalogCategory> Categories => current.State.Categories;

    /// <summary>A category by its code (any case).</summary>
    public CatalogCategory? FindCategory(string code) => Categories.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<CatalogCounter> CountersOf(string serviceCode) => current.CountersByService[serviceCode];

    /// <summary>Active, and running on today's weekday in the facility.</summary>
    public bool IsOpenToday(CatalogService service) =>
        service.IsActive && service.WeekDays.Contains(Today().Day.DayOfWeek.ToString()[..3], StringComparer.OrdinalIgnoreCase);

    /// <summary>The service's counters within their hours now.</summary>
    public IReadOnlyList<OpenCounter> OpenCounters(string serviceCode)
    {
        var time = TimeOnly.FromDateTime(Today().Now.DateTime);
        return [.. CountersOf(serviceCode).Where(c => c.IsOpenAt(time)).Select(c => new OpenCounter(c.Id, c.Name))];
    }

    /// <summary>Today in the facility's time zone, with the current instant.</summary>
    public (DateOnly Day, DateTimeOffset Now) Today()
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        return (DateOnly.FromDateTime(local.DateTime), local);
    }
}
