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

/// <summary>
/// A ticket of the day. <see cref="LineKey"/> orders a counter's line: the daily sequence (order of
/// arrival), or less than everyone else's for a recalled patient. <see cref="ToldTurnApproaching"/>:
/// the patient has been told their turn is near (once per ticket).
/// </summary>
public sealed record TicketState(
    Guid TicketId,
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
    bool ToldTurnApproaching = false);

/// <summary>A counter's state in the day: its status and the ticket it is serving.</summary>
public sealed record CounterState(int Id, CounterStatus Status, Guid? Current);

/// <summary>
/// The state of one service's queue on one day: the stream <c>facility/service/date</c> folded into a
/// snapshot. Everything a rule needs is here, so every command is decided under one optimistic lock.
/// </summary>
public sealed record QueueDay(string Id, int LastSequence, IReadOnlyList<TicketState> Tickets, IReadOnlyList<CounterState> Counters)
{
    public static QueueDay Empty(string id) => new(id, 0, [], []);

    public TicketState? Ticket(Guid ticketId) => Tickets.FirstOrDefault(t => t.TicketId == ticketId);

    /// <summary>A counter's state; a counter not yet seen today is available with nobody at it.</summary>
    public CounterState Counter(int counterId) => Counters.FirstOrDefault(c => c.Id == counterId) ?? new CounterState(counterId, CounterStatus.Available, null);

    /// <summary>Waiting tickets of a counter (null: the service pool) in call order.</summary>
    public IEnumerable<TicketState> LineOf(int? counterId) =>
        Tickets.Where(t => t.Status == TicketStatus.Waiting && t.CounterId == counterId).OrderBy(t => t.LineKey).ThenBy(t => t.Sequence);

    public IEnumerable<TicketState> Waiting => Tickets.Where(t => t.Status == TicketStatus.Waiting);

    /// <summary>The waiting or called ticket a patient holds today, if any (a patient holds at most one).</summary>
    public TicketState? ActiveTicketOf(Guid patientId) =>
        Tickets.FirstOrDefault(t => t.PatientId == patientId && t.Status is TicketStatus.Waiting or TicketStatus.Called);

    public TicketState? CurrentAt(int counterId) => Counter(counterId).Current is { } current ? Ticket(current) : null;
}

/// <summary>A counter of the service that is within its hours now, as the catalog describes it.</summary>
public sealed record OpenCounter(int Id, string Name);

public static class StreamKeys
{
    /// <summary>One stream per service per day: numbering, assignments and calls are checked in one place.</summary>
    public static string ForDay(string facilityId, string serviceCode, DateOnly day) =>
        $"{facilityId}/{serviceCode}/{day:yyyy-MM-dd}";

    /// <summary>The facility and service of a day stream's key; null for any other stream.</summary>
    public static (string FacilityId, string ServiceCode)? TryParse(string? streamKey) =>
        streamKey?.Split('/') is [var facility, var service, var day] && DateOnly.TryParseExact(day, "yyyy-MM-dd", out _)
            ? (facility, service)
            : null;
}
