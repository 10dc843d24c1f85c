namespace QueueSystem.Queue.Domain;

// Commands to a facility's day stream. Ids, time and who acts are passed in; the catalog's view of a
// counter's service, of which counters are within their hours and of the service's rules for mixing levels
// comes in (ServiceCode, OpenCounters, Rules).

/// <summary>A ticket's category and the level it has in the catalog.</summary>
public sealed record TicketCategory(string Code, CallLevel Level);

/// <summary>
/// Join a service's queue, as a regular patient (<paramref name="Category"/> null) or in a category.
/// <paramref name="TrackingToken"/>: the secret that lets anyone holding it follow the ticket (<c>SecretTokens</c>).
/// </summary>
public sealed record JoinQueue(
    Guid TicketId,
    string FacilityId,
    string ServiceCode,
    DateOnly Day,
    Guid PatientId,
    string PatientName,
    string JoinedBy,
    DateTimeOffset Now,
    int TicketSuffix,
    IReadOnlyList<OpenCounter> OpenCounters,
    ServiceRules Rules,
    TicketCategory? Category = null,
    string? TrackingToken = null);

/// <summary>Finish the patient at a counter (served) and call the next one.</summary>
public sealed record CallNext(string ServiceCode, int CounterId, ServiceRules Rules, DateTimeOffset Now, string By);

/// <summary>Finish the patient at a counter (served) and call a waiting ticket of its service out of turn.</summary>
public sealed record CallTicket(string ServiceCode, int CounterId, Guid TicketId, ServiceRules Rules, DateTimeOffset Now, string By);

/// <summary>The patient at a counter did not come: skip them and call the next one.</summary>
public sealed record SkipPatient(string ServiceCode, int CounterId, ServiceRules Rules, DateTimeOffset Now, string By);

/// <summary>Put a skipped patient back, first in line within their level; <paramref name="OpenCounters"/> and <paramref name="Rules"/> are those of the ticket's service.</summary>
public sealed record RecallTicket(Guid TicketId, IReadOnlyList<OpenCounter> OpenCounters, ServiceRules Rules, DateTimeOffset Now, string By);

/// <summary>Staff set a waiting ticket's category, or clear it (null); <paramref name="Rules"/> are those of the ticket's service.</summary>
public sealed record SetCategory(Guid TicketId, TicketCategory? Category, ServiceRules Rules, DateTimeOffset Now, string By);

/// <summary>A patient leaves the queue.</summary>
public sealed record CancelTicket(Guid TicketId, Guid PatientId, DateTimeOffset Now, string By);

/// <summary>Staff set a counter available, busy or on break.</summary>
public sealed record ChangeCounterStatus(
    string ServiceCode, int CounterId, CounterStatus Status, IReadOnlyList<OpenCounter> OpenCounters, ServiceRules Rules, DateTimeOffset Now, string By);

/// <summary>Where a transferred ticket goes in its new line (within its level).</summary>
public enum TransferPlacement
{
    /// <summary>After everyone waiting now.</summary>
    End,

    /// <summary>By the time the patient first joined the visit.</summary>
    Arrival,

    /// <summary>First (after emergencies): a patient coming back with reports.</summary>
    Front,
}

/// <summary>
/// Move a waiting or called ticket to another service's line, keeping its number and history; <paramref name="OpenCounters"/>
/// and <paramref name="Rules"/> are the target service's.
/// </summary>
public sealed record TransferTicket(
    Guid TicketId, string ToServiceCode, TransferPlacement Placement, string? Note, IReadOnlyList<OpenCounter> OpenCounters, ServiceRules Rules, DateTimeOffset Now, string By);

public enum RejectionKind
{
    Invalid,
    NotFound,
    Conflict,
    Closed,
}

/// <summary>Why a command changed nothing.</summary>
public sealed record Rejection(RejectionKind Kind, string Message);

/// <summary>The events a command decided, or why it was refused (then there are none).</summary>
public sealed record Decision(IReadOnlyList<object> Events, Rejection? Rejection)
{
    public static Decision Accept(IReadOnlyList<object> events) => new(events, null);

    public static Decision Reject(RejectionKind kind, string message) => new([], new Rejection(kind, message));
}
