using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// The facility (configuration section <c>Queue</c>): its id, time zone, and the example services and
/// counters stored on the first start when none exist yet. After that, admins manage services and
/// counters (stored in Marten).
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

        public bool IsOpenAt(TimeOnly time)
        {
            var start = TimeOnly.Parse(StartTime, System.Globalization.CultureInfo.InvariantCulture);
            return time >= start && (EndTime == "24:00" || time < TimeOnly.Parse(EndTime, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>
/// Answers what the commands need to know about services and counters, from an in-memory copy of
/// the stored catalog (refreshed after every admin change here and every few seconds from the store,
/// so several Queue instances agree).
/// </summary>
public sealed class ServiceCatalog(Microsoft.Extensions.Options.IOptions<CatalogOptions> options, TimeProvider clock)
{
    private readonly CatalogOptions settings = options.Value;
    private readonly TimeZoneInfo timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    private volatile Snapshot current = Snapshot.Of([], []);

    /// <summary>The catalog in order, and indexed: every join and every relayed event looks services and counters up.</summary>
    private sealed record Snapshot(
        IReadOnlyList<CatalogOptions.ServiceEntry> Services,
        IReadOnlyList<CatalogOptions.CounterEntry> Counters,
        IReadOnlyDictionary<string, CatalogOptions.ServiceEntry> ServicesByCode,
        IReadOnlyDictionary<int, CatalogOptions.CounterEntry> CountersById,
        ILookup<string, CatalogOptions.CounterEntry> CountersByService)
    {
        public static Snapshot Of(IEnumerable<CatalogOptions.ServiceEntry> services, IEnumerable<CatalogOptions.CounterEntry> counters)
        {
            List<CatalogOptions.ServiceEntry> orderedServices = [.. services.OrderBy(s => s.Code, StringComparer.Ordinal)];
            List<CatalogOptions.CounterEntry> orderedCounters = [.. counters.OrderBy(c => c.Id)];
            return new(
                orderedServices,
                orderedCounters,
                orderedServices.DistinctBy(s => s.Code).ToDictionary(s => s.Code, StringComparer.Ordinal),
                orderedCounters.DistinctBy(c => c.Id).ToDictionary(c => c.Id),
                orderedCounters.ToLookup(c => c.ServiceCode, StringComparer.Ordinal));
        }
    }

    public string FacilityId => settings.FacilityId;

    public int DefaultServiceMinutes => settings.DefaultServiceMinutes;

    public int ReminderPosition => settings.ReminderPosition;

    public void Replace(IReadOnlyList<CatalogOptions.ServiceEntry> services, IReadOnlyList<CatalogOptions.CounterEntry> counters) =>
        current = Snapshot.Of(services, counters);

    public CatalogOptions.ServiceEntry? FindService(string code) =>
        current.ServicesByCode.GetValueOrDefault(code);

    public IReadOnlyList<CatalogOptions.ServiceEntry> Services => current.Services;

    public IReadOnlyList<CatalogOptions.CounterEntry> Counters => current.Counters;

    public CatalogOptions.CounterEntry? FindCounter(int id) => current.CountersById.GetValueOrDefault(id);

    public IEnumerable<CatalogOptions.CounterEntry> CountersOf(string serviceCode) => current.CountersByService[serviceCode];

    /// <summary>Active, and running on today's weekday in the facility.</summary>
    public bool IsOpenToday(CatalogOptions.ServiceEntry service) =>
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
