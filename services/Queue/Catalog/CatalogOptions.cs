using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// The facility (configuration section <c>Queue</c>): its id, time zone, and the example services and
/// counters written to the catalog on the first start when it is empty. After that, admins manage services
/// and counters (events of the catalog stream).
/// </summary>
public sealed class CatalogOptions
{
    public const string Section = "Queue";

    public string FacilityId { get; set; } = "default";

    /// <summary>IANA time zone of the facility: the day's queue closes at its midnight.</summary>
    public string TimeZone { get; set; } = "Asia/Kolkata";

    /// <summary>Minutes a patient is expected to take before any service time has been observed.</summary>
    public int DefaultServiceMinutes { get; set; } = 5;

    /// <summary>The place in line at which a patient is told their turn is near (by SMS); 0: never.</summary>
    public int ReminderPosition { get; set; } = 3;

    public List<ServiceEntry> Services { get; set; } = [];

    public List<CounterEntry> Counters { get; set; } = [];

    public sealed class ServiceEntry
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public bool IsActive { get; set; } = true;

        /// <summary>Days of the week the service runs: Mon … Sun.</summary>
        public List<string> WeekDays { get; set; } = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    }

    public sealed class CounterEntry
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string ServiceCode { get; set; } = "";

        /// <summary>Opening time, "HH:mm" in the facility's time zone.</summary>
        public string StartTime { get; set; } = "00:00";

        /// <summary>Closing time, "HH:mm"; "24:00" is midnight at the end of the day.</summary>
        public string EndTime { get; set; } = "24:00";
    }
}

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
    public async Task CatchUpAsync(Marten.IQuerySession session, CancellationToken cancellationToken)
    {
        var known = current;
        var newer = await session.Events.FetchStreamAsync(StreamKey, fromVersion: known.Version + 1, token: cancellationToken);
        if (newer.Count > 0)
        {
            Remember(newer.Aggregate(known.State, (state, e) => CatalogState.Evolve(state, e.Data)), newer[^1].Version);
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
