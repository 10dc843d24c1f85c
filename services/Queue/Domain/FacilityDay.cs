using System.Collections.Immutable;

namespace QueueSystem.Queue.Domain;

public enum TicketStatus
{
    Waiting,
    Called,
    Served,
    Skipped,
    Cancelled,
}

/// <summary>What staff set a counter to. "Closed" (outside its hours) comes from the catalog, not from here.</summary>
public enum CounterStatus
{
    Available,
    Busy,
    Break,
}

/// <summary>A line of waiting patients: a counter's (<paramref name="CounterId"/>) or a service's pool (null).</summary>
public readonly record struct LineId(string ServiceCode, int? CounterId);

/// <summary>A place in a line: <see cref="CallOrder"/> sorts by <see cref="LineKey"/>, then the daily sequence.</summary>
public readonly record struct LinePlace(long LineKey, int Sequence, Guid TicketId)
{
    public static readonly IComparer<LinePlace> CallOrder = Comparer<LinePlace>.Create(
        (a, b) => (a.LineKey, a.Sequence, a.TicketId).CompareTo((b.LineKey, b.Sequence, b.TicketId)));

    public static readonly ImmutableSortedSet<LinePlace> EmptyLine = ImmutableSortedSet.Create(CallOrder);
}

/// <summary>
/// A ticket of the day, numbered (<see cref="Sequence"/>, <see cref="QueueId"/>) by <see cref="NumberedIn"/> and now in
/// <see cref="ServiceCode"/>'s line. <see cref="ArrivalKey"/>: its place among every arrival of the facility's day (joins,
/// and transfers to the end of a line). <see cref="LineKey"/> orders its line within its level: its arrival key, or less
/// than everyone else's for a recalled patient or one transferred to the front. <see cref="WaitingSince"/>: when it last
/// joined a line, by joining or being transferred. <see cref="ToldTurnApproaching"/>: the patient
/// has been told their turn is near (once per ticket). <see cref="Category"/> (null: regular) and its
/// <see cref="CategoryLevel"/> as recorded when it was set; <see cref="PastTarget"/>: a regular patient waited
/// longer than the service's target and is called as priority from then on. <see cref="TrackingToken"/>: the secret of its
/// tracking link, kept for the whole visit.
/// </summary>
public sealed record TicketState(
    Guid TicketId,
    string ServiceCode,
    string QueueId,
    int Sequence,
    Guid PatientId,
    string PatientName,
    TicketStatus Status,
    int? CounterId,
    long LineKey,
    DateTimeOffset JoinedAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? FinishedAt,
    bool ToldTurnApproaching = false,
    string? Category = null,
    CallLevel CategoryLevel = CallLevel.Regular,
    bool PastTarget = false,
    long ArrivalKey = 0,
    string NumberedIn = "",
    DateTimeOffset? WaitingSince = null,
    string? TransferNote = null,
    ImmutableList<(string ServiceCode, DateTimeOffset LeftAt)>? EarlierSteps = null,
    string? TrackingToken = null)
{
    public LineId Line => new(ServiceCode, CounterId);

    /// <summary>The service the ticket was sent on from last; null until it is transferred.</summary>
    public string? TransferredFrom => EarlierSteps is [.., var last] ? last.ServiceCode : null;

    /// <summary>The level the ticket is called at: its category's, or priority for a regular patient past the target wait.</summary>
    public CallLevel CallLevel => CategoryLevel == CallLevel.Regular && PastTarget ? CallLevel.Priority : CategoryLevel;

    public LinePlace Place => new(LineKey, Sequence, TicketId);
}

/// <summary>
/// A counter's state in the day: its status, the ticket it is serving, and how many priority patients it has
/// called in a row while a regular patient waited in its line.
/// </summary>
public sealed record CounterState(int Id, CounterStatus Status, Guid? Current, int PriorityRun = 0);

/// <summary>A service's day so far: the last number issued, how long its served patients took, and its rules for mixing levels.</summary>
public sealed record ServiceDay(int LastSequence, int ServedCount, double ServedMinutes, ServiceRules Rules)
{
    public static readonly ServiceDay None = new(0, 0, 0, ServiceRules.Default);
}

/// <summary>
/// The state of one facility's queues on one day: the stream <c>facility/date</c> folded into a snapshot.
/// <see cref="LastArrival"/> counts arrivals in any of its lines (joins, and transfers to the end of a line), so
/// that lines of different services order their patients on one scale.
/// Every rule that spans services (a patient's tickets, a transfer) is decided here, under one optimistic
/// lock. Held in immutable, indexed collections: a decision and a fold touch a few entries, not the whole
/// day, so a busy day costs the same per command at its thousandth ticket as at its first.
/// </summary>
public sealed record FacilityDay(
    string Id,
    ImmutableDictionary<string, ServiceDay> Services,
    ImmutableDictionary<Guid, TicketState> Tickets,
    ImmutableDictionary<LineId, WaitingLine> Lines,
    ImmutableDictionary<int, CounterState> Counters,
    ImmutableDictionary<Guid, ImmutableList<Guid>> TicketsOfPatient,
    long LastArrival = 0)
{
    /// <summary>
    /// Per service, its waiting regular patients by when they began waiting: who has passed the target wait is read
    /// from the start of this set, not found by looking at every waiting patient before each command.
    /// </summary>
    public ImmutableDictionary<string, ImmutableSortedSet<WaitStart>> RegularWaits { get; init; } =
        ImmutableDictionary.Create<string, ImmutableSortedSet<WaitStart>>(StringComparer.Ordinal);

    public static FacilityDay Empty(string id) => new(
        id,
        ImmutableDictionary.Create<string, ServiceDay>(StringComparer.Ordinal),
        ImmutableDictionary<Guid, TicketState>.Empty,
        ImmutableDictionary<LineId, WaitingLine>.Empty,
        ImmutableDictionary<int, CounterState>.Empty,
        ImmutableDictionary<Guid, ImmutableList<Guid>>.Empty);

    public TicketState? Ticket(Guid ticketId) => Tickets.GetValueOrDefault(ticketId);

    public ServiceDay Service(string serviceCode) => Services.GetValueOrDefault(serviceCode) ?? ServiceDay.None;

    /// <summary>A counter's state; a counter not yet seen today is available with nobody at it.</summary>
    public CounterState Counter(int counterId) => Counters.GetValueOrDefault(counterId) ?? new CounterState(counterId, CounterStatus.Available, null);

    /// <summary>Waiting tickets of a line in call order.</summary>
    public IEnumerable<TicketState> LineOf(LineId line) => LineFrom(line, 1);

    /// <summary>Waiting tickets of a line in call order from a position (1: the next to be called); those ahead are not looked up.</summary>
    public IEnumerable<TicketState> LineFrom(LineId line, int position) =>
        Lines.TryGetValue(line, out var waiting)
            ? waiting.InCallOrder(Service(line.ServiceCode).Rules.PriorityRun, RunOf(line)).Skip(position - 1).Select(p => Tickets[p.TicketId])
            : [];

    public int LengthOf(LineId line) => Lines.TryGetValue(line, out var waiting) ? waiting.Count : 0;

    /// <summary>A waiting ticket's place in its line's call order, 1 being the next to be called; null unless waiting.</summary>
    public int? PositionOf(TicketState ticket) =>
        ticket.Status == TicketStatus.Waiting && Lines.TryGetValue(ticket.Line, out var waiting)
            ? waiting.PositionOf(ticket.CallLevel, ticket.Place, Service(ticket.ServiceCode).Rules.PriorityRun, RunOf(ticket.Line))
            : null;

    /// <summary>The priority calls in a row the line's counter has made (none for a service's pool).</summary>
    public int RunOf(LineId line) => line.CounterId is { } id ? Counter(id).PriorityRun : 0;

    /// <summary>The lines of a service that hold someone: its counters' and its pool.</summary>
    public IEnumerable<LineId> LinesOf(string serviceCode) => Lines.Keys.Where(line => line.ServiceCode == serviceCode);

    /// <summary>Every waiting ticket of a service, in no particular order.</summary>
    public IEnumerable<TicketState> WaitingOf(string serviceCode) => LinesOf(serviceCode).SelectMany(LineOf);

    /// <summary>Today's tickets now in a service, in order of arrival.</summary>
    public IEnumerable<TicketState> TicketsOf(string serviceCode) =>
        Tickets.Values.Where(t => t.ServiceCode == serviceCode).OrderBy(t => t.ArrivalKey);

    /// <summary>Today's tickets of a patient in order of joining.</summary>
    public IEnumerable<TicketState> TicketsOfThe(Guid patientId) =>
        TicketsOfPatient.TryGetValue(patientId, out var ids) ? ids.Select(id => Tickets[id]) : [];

    /// <summary>The waiting or called ticket a patient holds today for a service, if any (a patient holds at most one).</summary>
    public TicketState? ActiveTicketOf(Guid patientId, string serviceCode) =>
        TicketsOfThe(patientId).FirstOrDefault(t => t.ServiceCode == serviceCode && t.Status is TicketStatus.Waiting or TicketStatus.Called);

    public TicketState? CurrentAt(int counterId) => Counter(counterId).Current is { } current ? Ticket(current) : null;
}

/// <summary>When a waiting patient began waiting (joining or being transferred), ordered by that moment then by first arrival.</summary>
public readonly record struct WaitStart(DateTimeOffset Since, long ArrivalKey, Guid TicketId)
{
    public static readonly IComparer<WaitStart> Order = Comparer<WaitStart>.Create((a, b) => (a.Since, a.ArrivalKey).CompareTo((b.Since, b.ArrivalKey)));

    public static readonly ImmutableSortedSet<WaitStart> None = ImmutableSortedSet.Create(Order);
}

/// <summary>A counter of the service that is within its hours now, as the catalog describes it.</summary>
public sealed record OpenCounter(int Id, string Name);

public static class StreamKeys
{
    /// <summary>One stream per facility per day: numbering, assignments, calls and every rule across services are checked in one place.</summary>
    public static string ForDay(string facilityId, DateOnly day) => $"{facilityId}/{day:yyyy-MM-dd}";

    /// <summary>The facility's catalog: its services and counters, every change an event.</summary>
    public static string ForCatalog(string facilityId) => $"{facilityId}/{CatalogName}";

    /// <summary>The facility of a catalog stream's key; null for any other stream.</summary>
    public static string? CatalogFacility(string? streamKey) =>
        streamKey?.Split('/') is [var facility, CatalogName] ? facility : null;

    private const string CatalogName = "catalog";

    /// <summary>The stream a service's day had before the facility's day was one stream; still read for the day of an upgrade.</summary>
    public static string ForServiceDay(string facilityId, string serviceCode, DateOnly day) => $"{facilityId}/{serviceCode}/{day:yyyy-MM-dd}";

    /// <summary>
    /// The facility of a day stream's key, and the service of a pre-upgrade service-day stream's key (null for a
    /// facility's day); null for any other stream.
    /// </summary>
    public static (string FacilityId, string? ServiceCode, DateOnly Day)? TryParse(string? streamKey) => streamKey?.Split('/') switch
    {
        [var facility, var day] when TryDay(day, out var date) => (facility, null, date),
        [var facility, var service, var day] when TryDay(day, out var date) => (facility, service, date),
        _ => null,
    };

    private static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);
}
