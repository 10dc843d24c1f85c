namespace QueueSystem.Contracts;

/// <summary>
/// The Ticket of the public contract, the one shape of it: answered by the Queue's API, pushed to patients by
/// Display and carried by the relayed events, with the position and wait the Queue decided.
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
    string? Category);
