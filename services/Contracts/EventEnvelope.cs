namespace QueueSystem.Contracts;

/// <summary>
/// Where an integration event came from in the Queue service's event store. Consumers dedupe by
/// <see cref="EventId"/> and ignore anything older than what they hold by <see cref="StreamVersion"/>.
/// </summary>
public sealed record EventEnvelope(
    Guid EventId,
    string StreamKey,
    long StreamVersion,
    long Sequence,
    DateTimeOffset OccurredAt);
