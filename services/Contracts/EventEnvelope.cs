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

/// <summary>
/// Every message Display's read side consumes, through its one queue: the queue's events, the catalog's counters and a
/// rebuild's marks. Published as their own types; RabbitMQ routes each to this type's exchange too.
/// </summary>
public interface IReadSideMessage;

/// <summary>An event that carries the tickets it changed, as their patients now see them.</summary>
public interface IChangesTickets
{
    IReadOnlyList<Ticket> Tickets { get; }
}
