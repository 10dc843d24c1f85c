namespace QueueSystem.Contracts;

/// <summary>
/// The Ticket of the public contract, the one shape of it: answered by the Queue's API, pushed to patients by
/// Display and carried by the relayed events, with the position and wait the Queue decided. <see cref="Category"/>:
/// the priority category's code, or null (regular); only the patient and staff see it, never a public screen.
/// <see cref="VisitSteps"/>: the services the visit went through before this one, in order (empty until it is transferred).
/// <see cref="TrackingUrl"/>: the page anyone holding it opens to follow this ticket without signing in (null for a ticket
/// taken before tracking links existed).
/// </summary>
public record Ticket(
    Guid TicketId,
    string QueueId,
    string ServiceCode,
    int? CounterId,
    string? CounterName,
    string Status,
    int? Position,
    int? AheadOfYou,
    int? EstimatedWaitMinutes,
    string PatientName,
    DateTimeOffset JoinedAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? FinishedAt,
    string? Category,
    IReadOnlyList<VisitStep> VisitSteps,
    string? TrackingUrl);

/// <summary>A service the visit went through before the ticket was sent on, and when it left.</summary>
public sealed record VisitStep(string ServiceCode, DateTimeOffset LeftAt);
