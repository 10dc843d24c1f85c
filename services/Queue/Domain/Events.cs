namespace QueueSystem.Queue.Domain;

// Internal events of a service's day stream, stored in Marten. They carry who acted and when;
// the relay turns them into the integration contracts other services consume.

/// <summary>A patient took ticket <paramref name="QueueId"/>; <paramref name="CounterId"/> is null in the service pool.</summary>
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
    string JoinedBy);
