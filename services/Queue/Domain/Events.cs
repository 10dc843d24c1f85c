namespace QueueSystem.Queue.Domain;

// Internal events of a facility's day stream, stored in Marten. Each names its service and says who acted
// (By) and when; the relay turns them into the integration contracts other services consume. Events stored
// before the facility's day was one stream lack ServiceCode (null): their stream's key names the service.

/// <summary>
/// A patient took ticket <paramref name="QueueId"/>; <paramref name="CounterId"/> is null in the service pool.
/// <paramref name="Category"/>: the category declared (null: regular) and the level it had then.
/// <paramref name="TrackingToken"/>: the secret of the ticket's tracking link (null for tickets taken before links existed).
/// </summary>
public sealed record JoinedQueue(
    Guid TicketId,
    string FacilityId,
    string ServiceCode,
    DateOnly Day,
    int Sequence,
    string QueueId,
    Guid PatientId,
    string PatientName,
    int? CounterId,
    string? CounterName,
    DateTimeOffset JoinedAt,
    string JoinedBy,
    string? Category = null,
    CallLevel CategoryLevel = CallLevel.Regular,
    string? TrackingToken = null);

/// <summary>A counter called a waiting patient: the next in call order, or, <paramref name="OutOfTurn"/>, one staff chose.</summary>
public sealed record Called(string ServiceCode, Guid TicketId, int CounterId, DateTimeOffset At, string By, bool OutOfTurn = false);

/// <summary>The patient at a counter was served.</summary>
public sealed record Served(string ServiceCode, Guid TicketId, int CounterId, DateTimeOffset At, string By);

/// <summary>The called patient did not come: skipped, and can be recalled today.</summary>
public sealed record Skipped(string ServiceCode, Guid TicketId, int CounterId, DateTimeOffset At, string By);

/// <summary>A skipped patient waits again, first in the line of <paramref name="CounterId"/> (null: the pool).</summary>
public sealed record Recalled(string ServiceCode, Guid TicketId, int? CounterId, DateTimeOffset At, string By);

/// <summary>The patient left the queue.</summary>
public sealed record Cancelled(string ServiceCode, Guid TicketId, DateTimeOffset At, string By);

/// <summary>Why a waiting ticket moved to another line.</summary>
public enum ReassignReason
{
    /// <summary>Its counter went on break.</summary>
    CounterOnBreak,

    /// <summary>A counter with an empty line took the longest-waiting patient.</summary>
    IdleCounter,

    /// <summary>A counter opened and took patients from the service pool.</summary>
    CounterAvailable,
}

/// <summary>A waiting ticket moved from one line to another (null: the service pool), keeping its place by arrival.</summary>
public sealed record Reassigned(string ServiceCode, Guid TicketId, int? FromCounterId, int? ToCounterId, ReassignReason Reason, DateTimeOffset At, string By);

/// <summary>A counter went on break: it takes no patients, and its line was spread over the others.</summary>
public sealed record CounterOnBreak(string ServiceCode, int CounterId, DateTimeOffset At, string By);

/// <summary>A counter became available (takes new patients) or busy (serves its line, takes no new patients).</summary>
public sealed record CounterStatusChanged(string ServiceCode, int CounterId, CounterStatus Status, DateTimeOffset At, string By);

/// <summary>
/// A waiting patient came within <paramref name="Position"/> places of being called, having been further
/// back: recorded once per ticket so that they are told once ("almost your turn").
/// </summary>
public sealed record TurnApproaching(string ServiceCode, Guid TicketId, int? CounterId, int Position, DateTimeOffset At);

/// <summary>
/// A ticket moved to another service's line (null counter: its pool), waiting again there as <paramref name="Placement"/>
/// says; a ticket that was called left <paramref name="FromCounterId"/> free. Its number and history go with it.
/// </summary>
public sealed record Transferred(
    string FromServiceCode, Guid TicketId, string ToServiceCode, int? FromCounterId, int? ToCounterId, TransferPlacement Placement, string? Note, DateTimeOffset At, string By);

/// <summary>Staff set a waiting ticket's category (null: regular again); <paramref name="CategoryLevel"/> is the level it had then.</summary>
public sealed record CategorySet(string ServiceCode, Guid TicketId, string? Category, CallLevel CategoryLevel, DateTimeOffset At, string By);

/// <summary>A regular patient waited longer than the service's target: called as priority from now on, so nobody waits without end.</summary>
public sealed record WaitedPastTarget(string ServiceCode, Guid TicketId, int TargetWaitMinutes, DateTimeOffset At);

/// <summary>The day takes the service's rules for mixing levels as the catalog now has them (first used, or changed by an admin).</summary>
public sealed record ServiceRulesSet(string ServiceCode, int PriorityRun, int TargetWaitMinutes, DateTimeOffset At);
