namespace QueueSystem.Contracts;

/// <summary>A patient took a ticket. <paramref name="CounterId"/> is null while the ticket waits in the service pool.</summary>
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
    string JoinedBy);
