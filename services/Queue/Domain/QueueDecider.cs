namespace QueueSystem.Queue.Domain;

/// <summary>Join a service's queue. Ids, time and the random part of the ticket number are passed in.</summary>
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
    IReadOnlyList<OpenCounter> OpenCounters);

/// <summary>The queue's rules as pure functions: commands decide events, events evolve the state.</summary>
public static class QueueDecider
{
    public static JoinedQueue Decide(JoinQueue command, QueueDay state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(command.TicketSuffix);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(command.TicketSuffix, 9999);

        var sequence = state.LastSequence + 1;
        var counter = ShortestLine(state, command.OpenCounters);
        return new JoinedQueue(
            command.TicketId,
            command.FacilityId,
            command.ServiceCode,
            command.Day,
            sequence,
            TicketNumber(command.ServiceCode, sequence, command.TicketSuffix),
            command.PatientId,
            command.PatientName,
            counter?.Id,
            counter?.Name,
            command.Now,
            command.JoinedBy);
    }

    public static QueueDay Evolve(QueueDay state, object @event) => @event switch
    {
        JoinedQueue joined => state with
        {
            LastSequence = joined.Sequence,
            Waiting = [.. state.Waiting, new WaitingTicket(joined.TicketId, joined.Sequence, joined.CounterId)],
        },
        _ => state,
    };

    /// <summary><c>OPD_001_4821</c>: service code, daily sequence (at least three digits), four random digits.</summary>
    public static string TicketNumber(string serviceCode, int sequence, int suffix) =>
        FormattableString.Invariant($"{serviceCode}_{sequence:D3}_{suffix:D4}");

    /// <summary>The open counter with the fewest waiting patients; ties go to the lowest id. None open: the pool.</summary>
    private static OpenCounter? ShortestLine(QueueDay state, IReadOnlyList<OpenCounter> openCounters) =>
        openCounters
            .OrderBy(counter => state.LineOf(counter.Id).Count())
            .ThenBy(counter => counter.Id)
            .FirstOrDefault();
}
