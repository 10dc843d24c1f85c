using System.Collections.Immutable;
using System.Globalization;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// A service of the facility; <see cref="WeekDays"/> are Mon … Sun. <see cref="PriorityRun"/> and
/// <see cref="TargetWaitMinutes"/> mix priority patients with regular ones (services stored before they existed get the defaults).
/// </summary>
public sealed record CatalogService(
    string Code, string Name, string Description, IReadOnlyList<string> WeekDays, bool IsActive, int PriorityRun = 2, int TargetWaitMinutes = 30)
{
    public ServiceRules Rules => new(PriorityRun, TargetWaitMinutes);
}

/// <summary>A counter of a service, open from <see cref="StartTime"/> to <see cref="EndTime"/> ("HH:mm", "24:00" the end of the day) in the facility's time.</summary>
public sealed record CatalogCounter(int Id, string Name, string ServiceCode, string StartTime, string EndTime)
{
    public bool IsOpenAt(TimeOnly time)
    {
        var start = TimeOnly.Parse(StartTime, CultureInfo.InvariantCulture);
        return time >= start && (EndTime == "24:00" || time < TimeOnly.Parse(EndTime, CultureInfo.InvariantCulture));
    }
}

// The catalog's events, in the facility's catalog stream (facility/catalog): each says who changed what, and when.

/// <summary>A service was created.</summary>
public sealed record ServiceAdded(CatalogService Service, DateTimeOffset At, string By);

/// <summary>A service's name, description, days or activity changed (its code never does).</summary>
public sealed record ServiceChanged(CatalogService Service, DateTimeOffset At, string By);

/// <summary>A counter was created.</summary>
public sealed record CounterAdded(CatalogCounter Counter, DateTimeOffset At, string By);

/// <summary>A counter's name, service or hours changed.</summary>
public sealed record CounterChanged(CatalogCounter Counter, DateTimeOffset At, string By);

/// <summary>The facility's catalog: its stream folded, services by code, counters by id, the categories of patients, and the kiosks not revoked.</summary>
public sealed record CatalogState(
    ImmutableSortedDictionary<string, CatalogService> Services,
    ImmutableSortedDictionary<int, CatalogCounter> Counters,
    IReadOnlyList<CatalogCategory> Categories,
    ImmutableSortedDictionary<Guid, CatalogKiosk> Kiosks)
{
    public static readonly CatalogState Empty = new(
        ImmutableSortedDictionary.Create<string, CatalogService>(StringComparer.Ordinal),
        ImmutableSortedDictionary<int, CatalogCounter>.Empty,
        CatalogCategory.Defaults,
        ImmutableSortedDictionary<Guid, CatalogKiosk>.Empty);

    public static CatalogState Evolve(CatalogState state, object @event) => @event switch
    {
        ServiceAdded e => state with { Services = state.Services.SetItem(e.Service.Code, e.Service) },
        ServiceChanged e => state with { Services = state.Services.SetItem(e.Service.Code, e.Service) },
        CounterAdded e => state with { Counters = state.Counters.SetItem(e.Counter.Id, e.Counter) },
        CounterChanged e => state with { Counters = state.Counters.SetItem(e.Counter.Id, e.Counter) },
        CategoriesChanged e => state with { Categories = e.Categories },
        KioskRegistered e => state with { Kiosks = state.Kiosks.SetItem(e.Kiosk.Id, e.Kiosk) },
        KioskRevoked e => state with { Kiosks = state.Kiosks.Remove(e.KioskId) },
        _ => state,
    };

    /// <summary>The id a new counter gets: one more than any so far.</summary>
    public int NextCounterId => Counters.IsEmpty ? 1 : Counters.Keys.Max() + 1;
}
