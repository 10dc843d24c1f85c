namespace QueueSystem.Queue.Domain;

/// <summary>
/// The state of one service's queue on one day: the stream <c>facility/service/date</c> folded into a
/// snapshot. Everything a rule needs is here, so every command is decided under one optimistic lock.
/// </summary>
public sealed record QueueDay(string Id, int LastSequence, IReadOnlyList<WaitingTicket> Waiting)
{
    public static QueueDay Empty(string id) => new(id, 0, []);

    /// <summary>Waiting tickets of a counter (null: the service pool) in call order.</summary>
    public IEnumerable<WaitingTicket> LineOf(int? counterId) => Waiting.Where(t => t.CounterId == counterId);
}

/// <summary>A ticket waiting to be called, at a counter or in the service pool.</summary>
public sealed record WaitingTicket(Guid TicketId, int Sequence, int? CounterId);

/// <summary>A counter that takes new patients now, as the catalog describes it.</summary>
public sealed record OpenCounter(int Id, string Name);

public static class StreamKeys
{
    /// <summary>One stream per service per day: numbering, assignments and calls are checked in one place.</summary>
    public static string ForDay(string facilityId, string serviceCode, DateOnly day) =>
        $"{facilityId}/{serviceCode}/{day:yyyy-MM-dd}";
}
