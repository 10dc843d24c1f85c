using QueueSystem.Contracts;

namespace QueueSystem.Display.Reports;

/// <summary>
/// One event of the day's history, as the report reads it, <see cref="Sequence"/> its place among all stored events;
/// <see cref="Detail"/> names a joining or changed ticket's category, or the service a transferred ticket came from.
/// </summary>
public sealed record HistoryEvent(string ServiceCode, long StreamVersion, string Type, Guid? TicketId, int? CounterId, DateTimeOffset At, string? Detail = null, long Sequence = 0);

/// <summary>Figures of a service over the day.</summary>
public sealed record ServiceFigures(
    string ServiceCode, int Joined, int Called, int Served, int NoShows, int Cancelled,
    double? NoShowRate, double? AverageWaitMinutes, double? ShareOfWaitsAboveTarget, double? AverageServiceMinutes);

/// <summary>Figures of a counter over the day. Idle: neither serving nor on break, between its first and last event.</summary>
public sealed record CounterFigures(int CounterId, string ServiceCode, int Served, double? AverageServiceMinutes, double IdleMinutes);

/// <summary>Waits of a service's patients of one category (<see cref="Category"/> "regular" for none), by the category they had when first called.</summary>
public sealed record CategoryFigures(string ServiceCode, string Category, int Joined, int Called, double? AverageWaitMinutes, double? ShareOfWaitsAboveTarget);

/// <summary>Patients sent from one service to another.</summary>
public sealed record TransferFigures(string FromServiceCode, string ToServiceCode, int Transfers);

/// <summary>
/// The day's visits: every ticket, those sent on at least once, and, of the visits finished by being served, the average
/// time from the first join to the last service, for all and for those that went through more than one service.
/// </summary>
public sealed record VisitFigures(int Visits, int Transferred, int Finished, double? AverageVisitMinutes, double? AverageTransferredVisitMinutes);

/// <summary>Figures of a service for one hour of the facility's day: arrivals and their waits, and patients served in it.</summary>
public sealed record HourFigures(string ServiceCode, int Hour, int Joined, int Served, double? AverageWaitMinutes, double? ShareOfWaitsAboveTarget);

/// <summary>
/// The day's KPIs, computed from the history alone, so they are the same however often or in whatever
/// order its events arrived. Wait: first call − arrival. Service time: served − the call before it.
/// No-show rate: patients whose day ended skipped, of those called.
/// </summary>
public sealed record DailyReport(
    DateOnly Date, string? ServiceCode, int TargetWaitMinutes,
    IReadOnlyList<ServiceFigures> Services, IReadOnlyList<CounterFigures> Counters, IReadOnlyList<HourFigures> Hours, IReadOnlyList<CategoryFigures> Categories,
    IReadOnlyList<TransferFigures> Transfers, VisitFigures Visits)
{
    /// <summary>The category of a patient without one, as the report names it.</summary>
    public const string Regular = "regular";

    private sealed class TicketDay
    {
        public string ServiceCode { get; init; } = "";

        public string? Category { get; set; }

        public DateTimeOffset? JoinedAt { get; set; }

        public DateTimeOffset? FirstCalledAt { get; set; }

        public DateTimeOffset? LastCalledAt { get; set; }

        public string Outcome { get; set; } = TicketStatuses.Waiting;

        public DateTimeOffset? ServedAt { get; set; }

        public int? ServedBy { get; set; }

        public int Transfers { get; set; }

        public double? VisitMinutes => Outcome == TicketStatuses.Served && JoinedAt is { } joined && ServedAt is { } served ? (served - joined).TotalMinutes : null;

        public double? Wait => JoinedAt is { } joined && FirstCalledAt is { } called ? (called - joined).TotalMinutes : null;

        public double? ServiceTime => Outcome == TicketStatuses.Served && LastCalledAt is { } called && ServedAt is { } served ? (served - called).TotalMinutes : null;
    }

    public static DailyReport Compute(DateOnly date, string? serviceCode, int targetWaitMinutes, IEnumerable<HistoryEvent> history, TimeZoneInfo timeZone)
    {
        // In the order stored: a visit's events are in the services it went through, one after another.
        var events = history.OrderBy(e => e.Sequence).ThenBy(e => e.ServiceCode, StringComparer.Ordinal).ThenBy(e => e.StreamVersion).ToList();
        var tickets = new Dictionary<Guid, TicketDay>();
        foreach (var e in events.Where(e => e.TicketId is not null))
        {
            if (!tickets.TryGetValue(e.TicketId!.Value, out var ticket))
            {
                tickets[e.TicketId.Value] = ticket = new TicketDay { ServiceCode = e.ServiceCode };
            }

            switch (e.Type)
            {
                case TicketEventTypes.Joined:
                    ticket.JoinedAt = e.At;
                    ticket.Category ??= e.Detail;
                    break;
                case TicketEventTypes.CategorySet when ticket.FirstCalledAt is null:
                    ticket.Category = e.Detail;
                    break;
                case TicketEventTypes.Called:
                    ticket.FirstCalledAt ??= e.At;
                    ticket.LastCalledAt = e.At;
                    ticket.Outcome = TicketStatuses.Called;
                    break;
                case TicketEventTypes.Served:
                    (ticket.Outcome, ticket.ServedAt, ticket.ServedBy) = (TicketStatuses.Served, e.At, e.CounterId);
                    break;
                case TicketEventTypes.Skipped:
                case TicketEventTypes.Cancelled:
                    ticket.Outcome = e.Type;
                    break;
                case TicketEventTypes.Recalled:
                    ticket.Outcome = TicketStatuses.Waiting;
                    break;
                case TicketEventTypes.Transferred:
                    ticket.Outcome = TicketStatuses.Waiting;
                    ticket.Transfers++;
                    break;
            }
        }

        var services = tickets.Values.GroupBy(t => t.ServiceCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var waits = g.Select(t => t.Wait).OfType<double>().ToList();
            var called = g.Count(t => t.FirstCalledAt is not null);
            var noShows = g.Count(t => t.Outcome == TicketStatuses.Skipped);
            return new ServiceFigures(
                g.Key, g.Count(t => t.JoinedAt is not null), called, g.Count(t => t.Outcome == TicketStatuses.Served), noShows, g.Count(t => t.Outcome == TicketStatuses.Cancelled),
                called == 0 ? null : Round((double)noShows / called), Average(waits), Share(waits, targetWaitMinutes),
                Average(g.Select(t => t.ServiceTime).OfType<double>()));
        }).ToList();

        var counters = events.Where(e => e.CounterId is not null && e.Type != "reassigned" && e.Type != "joined")
            .GroupBy(e => e.CounterId!.Value).OrderBy(g => g.Key).Select(g =>
            {
                var served = tickets.Values.Where(t => t.ServedBy == g.Key).ToList();
                return new CounterFigures(g.Key, g.First().ServiceCode, served.Count, Average(served.Select(t => t.ServiceTime).OfType<double>()), Round(IdleMinutes(g)) ?? 0);
            }).ToList();

        int HourOf(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, timeZone).Hour;
        var hours = tickets.Values
            .SelectMany(t => new[] { (t.ServiceCode, Hour: t.JoinedAt is { } j ? HourOf(j) : -1), (t.ServiceCode, Hour: t.ServedAt is { } s && t.Outcome == TicketStatuses.Served ? HourOf(s) : -1) })
            .Where(k => k.Hour >= 0).Distinct().OrderBy(k => k.ServiceCode, StringComparer.Ordinal).ThenBy(k => k.Hour)
            .Select(k =>
            {
                var arrivals = tickets.Values.Where(t => t.ServiceCode == k.ServiceCode && t.JoinedAt is { } j && HourOf(j) == k.Hour).ToList();
                var waits = arrivals.Select(t => t.Wait).OfType<double>().ToList();
                var served = tickets.Values.Count(t => t.ServiceCode == k.ServiceCode && t.Outcome == TicketStatuses.Served && HourOf(t.ServedAt!.Value) == k.Hour);
                return new HourFigures(k.ServiceCode, k.Hour, arrivals.Count, served, Average(waits), Share(waits, targetWaitMinutes));
            }).ToList();

        var categories = tickets.Values.GroupBy(t => (t.ServiceCode, Category: t.Category ?? Regular))
            .OrderBy(g => g.Key.ServiceCode, StringComparer.Ordinal).ThenBy(g => g.Key.Category == Regular).ThenBy(g => g.Key.Category, StringComparer.Ordinal)
            .Select(g =>
            {
                var waits = g.Select(t => t.Wait).OfType<double>().ToList();
                return new CategoryFigures(
                    g.Key.ServiceCode, g.Key.Category, g.Count(t => t.JoinedAt is not null), g.Count(t => t.FirstCalledAt is not null), Average(waits), Share(waits, targetWaitMinutes));
            }).ToList();

        var transfers = events.Where(e => e.Type == TicketEventTypes.Transferred && e.Detail is not null)
            .GroupBy(e => (From: e.Detail!, To: e.ServiceCode)).OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal)
            .Select(g => new TransferFigures(g.Key.From, g.Key.To, g.Count())).ToList();
        var visits = new VisitFigures(
            tickets.Values.Count(t => t.JoinedAt is not null),
            tickets.Values.Count(t => t.Transfers > 0),
            tickets.Values.Count(t => t.VisitMinutes is not null),
            Average(tickets.Values.Select(t => t.VisitMinutes).OfType<double>()),
            Average(tickets.Values.Where(t => t.Transfers > 0).Select(t => t.VisitMinutes).OfType<double>()));

        return new DailyReport(date, serviceCode, targetWaitMinutes, services, counters, hours, categories, transfers, visits);
    }

    /// <summary>Time with nobody at the counter and the counter not on break, from its first event of the day to its last.</summary>
    private static double IdleMinutes(IEnumerable<HistoryEvent> counterEvents)
    {
        var (serving, onBreak, idle) = (false, false, 0.0);
        DateTimeOffset? last = null;
        foreach (var e in counterEvents.OrderBy(e => e.At).ThenBy(e => e.StreamVersion))
        {
            if (last is { } since && !serving && !onBreak)
            {
                idle += (e.At - since).TotalMinutes;
            }

            last = e.At;
            switch (e.Type)
            {
                case TicketEventTypes.Called:
                    serving = true;
                    break;
                case TicketEventTypes.Served:
                case TicketEventTypes.Skipped:
                    serving = false;
                    break;
                case TicketEventTypes.CounterOnBreak:
                    onBreak = true;
                    break;
                case TicketEventTypes.CounterStatusChanged:
                    onBreak = false;
                    break;
            }
        }

        return idle;
    }

    private static double? Average(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : Round(list.Average());
    }

    private static double? Share(List<double> waits, int target) =>
        waits.Count == 0 ? null : Round((double)waits.Count(w => w > target) / waits.Count);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
