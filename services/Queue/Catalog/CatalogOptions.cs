using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// The facility, its services and counters, read from configuration (section <c>Queue</c>).
/// Admin management of services and counters replaces the configured lists later; the facility
/// id and time zone stay configuration.
/// </summary>
public sealed class CatalogOptions
{
    public const string Section = "Queue";

    public string FacilityId { get; set; } = "default";

    /// <summary>IANA time zone of the facility: the day's queue closes at its midnight.</summary>
    public string TimeZone { get; set; } = "Asia/Kolkata";

    /// <summary>Minutes a patient is expected to take before any service time has been observed.</summary>
    public int DefaultServiceMinutes { get; set; } = 5;

    public List<ServiceEntry> Services { get; set; } = [];

    public List<CounterEntry> Counters { get; set; } = [];

    public sealed class ServiceEntry
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public bool IsActive { get; set; } = true;
    }

    public sealed class CounterEntry
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string ServiceCode { get; set; } = "";
    }
}

/// <summary>Answers what the commands need to know about services and counters.</summary>
public sealed class ServiceCatalog(Microsoft.Extensions.Options.IOptions<CatalogOptions> options, TimeProvider clock)
{
    private readonly CatalogOptions catalog = options.Value;
    private readonly TimeZoneInfo timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public string FacilityId => catalog.FacilityId;

    public int DefaultServiceMinutes => catalog.DefaultServiceMinutes;

    public CatalogOptions.ServiceEntry? FindService(string code) =>
        catalog.Services.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.Ordinal));

    public IReadOnlyList<OpenCounter> OpenCounters(string serviceCode) =>
        [.. catalog.Counters
            .Where(c => string.Equals(c.ServiceCode, serviceCode, StringComparison.Ordinal))
            .Select(c => new OpenCounter(c.Id, c.Name))];

    /// <summary>Today in the facility's time zone, with the current instant.</summary>
    public (DateOnly Day, DateTimeOffset Now) Today()
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        return (DateOnly.FromDateTime(local.DateTime), local);
    }
}
