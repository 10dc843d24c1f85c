namespace QueueSystem.Contracts;

// Each event about a ticket carries Tickets: every ticket it changed as its patient now sees it (the event's
// own, and each whose place in a line moved), as the Queue decided them; a consumer derives no queue rule.

/// <summary>
/// A patient took a ticket. <paramref name="CounterId"/> is null while the ticket waits in the service pool; <paramref name="Category"/> null: regular.
/// <paramref name="TrackingToken"/>: the secret of its tracking link, with which a page may follow it live (null for a ticket taken before links existed).
/// </summary>
public sealed record JoinedQueue(
    EventEnvelope Envelope,
    string FacilityId,
    string ServiceCode,
    DateOnly Day,
    Guid TicketId,
    string QueueId,
    int Sequence,
    Guid PatientId,
    string PatientName,
    int? CounterId,
    string? CounterName,
    DateTimeOffset JoinedAt,
    string JoinedBy,
    string? Category,
    string? TrackingToken,
    IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

// Every other event of a facility's day. FacilityId and ServiceCode say which facility and service it concerns.

/// <summary>
/// A counter called a waiting patient (<paramref name="OutOfTurn"/>: one staff chose, not the next in line); the
/// ticket and counter are named so that a consumer needs nothing else.
/// </summary>
public sealed record Called(
    EventEnvelope Envelope,
    string FacilityId,
    string ServiceCode,
    Guid TicketId,
    int CounterId,
    DateTimeOffset At,
    string By,
    string QueueId,
    Guid PatientId,
    string PatientName,
    string CounterName,
    bool OutOfTurn,
    IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>The patient at a counter was served.</summary>
public sealed record Served(EventEnvelope Envelope, string FacilityId, string ServiceCode, Guid TicketId, int CounterId, DateTimeOffset At, string By, IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>The called patient did not come.</summary>
public sealed record Skipped(EventEnvelope Envelope, string FacilityId, string ServiceCode, Guid TicketId, int CounterId, DateTimeOffset At, string By, IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>A skipped patient waits again, first in line at <paramref name="CounterId"/> (null: the service pool).</summary>
public sealed record Recalled(EventEnvelope Envelope, string FacilityId, string ServiceCode, Guid TicketId, int? CounterId, DateTimeOffset At, string By, IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>The patient left the queue.</summary>
public sealed record Cancelled(EventEnvelope Envelope, string FacilityId, string ServiceCode, Guid TicketId, DateTimeOffset At, string By, IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>A waiting ticket moved between lines (null: the service pool); <paramref name="Reason"/> is counter_on_break, idle_counter or counter_available.</summary>
public sealed record Reassigned(EventEnvelope Envelope, string FacilityId, string ServiceCode, Guid TicketId, int? FromCounterId, int? ToCounterId, string Reason, DateTimeOffset At, string By, IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>A counter went on break.</summary>
public sealed record CounterOnBreak(EventEnvelope Envelope, string FacilityId, string ServiceCode, int CounterId, DateTimeOffset At, string By) : IReadSideMessage;

/// <summary>A counter became available or busy.</summary>
public sealed record CounterStatusChanged(EventEnvelope Envelope, string FacilityId, string ServiceCode, int CounterId, string Status, DateTimeOffset At, string By) : IReadSideMessage;

/// <summary>
/// A ticket moved to another service's line, keeping its number: <paramref name="ServiceCode"/> is the service it went to,
/// <paramref name="FromServiceCode"/> the one it left (at <paramref name="FromCounterId"/>, free now if it was called there).
/// <paramref name="Placement"/>: end, arrival or front; <paramref name="Position"/> its place in the new line.
/// </summary>
public sealed record Transferred(
    EventEnvelope Envelope,
    string FacilityId,
    string ServiceCode,
    string ServiceName,
    string FromServiceCode,
    Guid TicketId,
    string QueueId,
    Guid PatientId,
    int? FromCounterId,
    int? ToCounterId,
    string? ToCounterName,
    string Placement,
    string? Note,
    int? Position,
    DateTimeOffset At,
    string By,
    IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>Staff set a waiting ticket's category (null: regular again).</summary>
public sealed record CategorySet(EventEnvelope Envelope, string FacilityId, string ServiceCode, Guid TicketId, string? Category, DateTimeOffset At, string By, IReadOnlyList<Ticket> Tickets)
    : IReadSideMessage, IChangesTickets;

/// <summary>A regular patient waited longer than the service's target and is called as priority from now on.</summary>
public sealed record WaitedPastTarget(EventEnvelope Envelope, string FacilityId, string ServiceCode, Guid TicketId, int TargetWaitMinutes, DateTimeOffset At, IReadOnlyList<Ticket> Tickets)
    : IReadSideMessage, IChangesTickets;

/// <summary>The day took a service's rules for mixing priority patients with regular ones; <paramref name="Tickets"/> are those whose place moved.</summary>
public sealed record ServiceRulesSet(
    EventEnvelope Envelope, string FacilityId, string ServiceCode, int PriorityRun, int TargetWaitMinutes, DateTimeOffset At, IReadOnlyList<Ticket> Tickets) : IReadSideMessage, IChangesTickets;

/// <summary>A waiting patient came within <paramref name="Position"/> places of being called (told once per ticket).</summary>
public sealed record TurnApproaching(
    EventEnvelope Envelope,
    string FacilityId,
    string ServiceCode,
    Guid TicketId,
    string QueueId,
    Guid PatientId,
    int? CounterId,
    string? CounterName,
    int Position,
    DateTimeOffset At);

/// <summary>
/// A facility day's events relayed together, in the stream's order: a busy hour's events reach each consumer as one broker
/// delivery per page instead of one per event. Each event keeps its own envelope; consumers still dedupe each by its event id.
/// </summary>
public sealed record QueueEventsRelayed(IReadOnlyList<RelayedEvent> Events) : IReadSideMessage;

/// <summary>
/// The events of a <see cref="QueueEventsRelayed"/> that patients are texted about (calls, reminders, transfers), relayed
/// beside it for Notification, which then reads none of the rest.
/// </summary>
public sealed record PatientTextsRelayed(IReadOnlyList<RelayedEvent> Events);

/// <summary>One event of <see cref="QueueEventsRelayed"/>, as its own type: exactly one property is set.</summary>
public sealed record RelayedEvent(
    JoinedQueue? JoinedQueue = null,
    Called? Called = null,
    TurnApproaching? TurnApproaching = null,
    Served? Served = null,
    Skipped? Skipped = null,
    Recalled? Recalled = null,
    Cancelled? Cancelled = null,
    Reassigned? Reassigned = null,
    CounterOnBreak? CounterOnBreak = null,
    CounterStatusChanged? CounterStatusChanged = null,
    Transferred? Transferred = null,
    CategorySet? CategorySet = null,
    WaitedPastTarget? WaitedPastTarget = null,
    ServiceRulesSet? ServiceRulesSet = null)
{
    /// <summary>The event it holds.</summary>
    public object Message =>
        (object?)JoinedQueue ?? (object?)Called ?? (object?)TurnApproaching ?? (object?)Served ?? (object?)Skipped ?? (object?)Recalled ?? (object?)Cancelled
        ?? (object?)Reassigned ?? (object?)CounterOnBreak ?? (object?)CounterStatusChanged ?? (object?)Transferred ?? (object?)CategorySet ?? (object?)WaitedPastTarget ?? (object?)ServiceRulesSet
        ?? throw new InvalidOperationException("A relayed event holds no event this version knows.");

    /// <summary>Whether the patient is texted about it.</summary>
    public bool TextsPatient => Called is not null || TurnApproaching is not null || Transferred is not null;

    /// <summary>A day's event wrapped for a batch; null for any other message (the catalog's go out alone).</summary>
    public static RelayedEvent? Of(object message) => message switch
    {
        JoinedQueue e => new(JoinedQueue: e),
        Called e => new(Called: e),
        TurnApproaching e => new(TurnApproaching: e),
        Served e => new(Served: e),
        Skipped e => new(Skipped: e),
        Recalled e => new(Recalled: e),
        Cancelled e => new(Cancelled: e),
        Reassigned e => new(Reassigned: e),
        CounterOnBreak e => new(CounterOnBreak: e),
        CounterStatusChanged e => new(CounterStatusChanged: e),
        Transferred e => new(Transferred: e),
        CategorySet e => new(CategorySet: e),
        WaitedPastTarget e => new(WaitedPastTarget: e),
        ServiceRulesSet e => new(ServiceRulesSet: e),
        _ => null,
    };
}
