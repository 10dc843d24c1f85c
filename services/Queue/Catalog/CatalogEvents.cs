using System.Collections.Immutable;
using System.Globalization;

namespace QueueSystem.Queue.Catalog;

/// <summary>A service of the facility; <see cref="WeekDays"/> are Mon … Sun.</summary>
public sealed record CatalogService(string Code, string Name, string Description, IReadOnlyList<string> WeekDays, bool IsActive);

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

/// <summary>The facility's catalog: its stream folded, services by code and counters by id.</summary>
public sealed record CatalogState(ImmutableSortedDictionary<string, CatalogService> Services, ImmutableSortedDictionary<int, CatalogCounter> Counters)
{
    public static readonly CatalogState Empty = new(ImmutableSortedDictionary.Create<string, CatalogService>(StringComparer.Ordinal), ImmutableSortedDictionary<int, CatalogCounter>.Empty);

    public static CatalogState Evolve(CatalogState state, object @event) => @event switch
    {
        ServiceAdded e => state with { Services = state.Services.SetItem(e.Service.Code, e.Service) },
        ServiceChanged e => state with { Services = state.Services.SetItem(e.Service.Code, e.Service) },
        CounterAdded e => state with { Counters = state.Counters.SetItem(e.Counter.Id, e.Counter) },
        CounterChanged e => state with { Counters = state.Counters.SetItem(e.Counter.Id, e.Counter) },
        _ => state,
    };

    /// <summary>The id a new counter gets: one more than any so far.</summary>
    public int NextCounterId => Counters.IsEmpty ? 1 : Counters.Keys.Max() + 1;
}
