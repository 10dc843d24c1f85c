namespace QueueSystem.Queue.Domain;

/// <summary>
/// The queue's rules as pure functions: commands decide events, events evolve the state. Decisions
/// that produce several events fold each through <see cref="Evolve"/> as they go, so every later
/// choice (the shortest line, the next patient) sees the effect of the earlier ones.
/// </summary>
public static class QueueDecider
{
    public static Decision Decide(JoinQueue command, QueueDay state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(command.TicketSuffix);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(command.TicketSuffix, 9999);
        if (command.OpenCounters.Count == 0)
        {
            return Decision.Reject(RejectionKind.Closed, "No counter of this service is open now.");
        }

        if (state.ActiveTicketOf(command.PatientId) is { } active)
        {
            return Decision.Reject(RejectionKind.Conflict, $"You already hold ticket {active.QueueId} for this service today.");
        }

        var sequence = state.LastSequence + 1;
        var counter = ShortestLine(state, command.OpenCounters, except: null);
        return Decision.Accept([new JoinedQueue(
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
            command.JoinedBy)]);
    }

    public static Decision Decide(CallNext command, QueueDay state)
    {
        if (state.Counter(command.CounterId).Status == CounterStatus.Break)
        {
            return Decision.Reject(RejectionKind.Conflict, "This counter is on break: set it available first.");
        }

        var events = new List<object>();
        if (state.CurrentAt(command.CounterId) is { } current)
        {
            state = Append(state, events, new Served(current.TicketId, command.CounterId, command.Now, command.By));
        }

        CallFollowing(state, events, command.CounterId, command.Now, command.By);
        return Decision.Accept(events);
    }

    public static Decision Decide(SkipPatient command, QueueDay state)
    {
        if (state.CurrentAt(command.CounterId) is not { } current)
        {
            return Decision.Reject(RejectionKind.Conflict, "Nobody is being served at this counter.");
        }

        var events = new List<object>();
        state = Append(state, events, new Skipped(current.TicketId, command.CounterId, command.Now, command.By));
        if (state.Counter(command.CounterId).Status != CounterStatus.Break)
        {
            CallFollowing(state, events, command.CounterId, command.Now, command.By);
        }

        return Decision.Accept(events);
    }

    public static Decision Decide(RecallTicket command, QueueDay state)
    {
        var ticket = state.Ticket(command.TicketId);
        if (ticket is null)
        {
            return Decision.Reject(RejectionKind.NotFound, "No such ticket today.");
        }

        if (ticket.Status != TicketStatus.Skipped)
        {
            return Decision.Reject(RejectionKind.Conflict, "Only a patient skipped today can be recalled.");
        }

        if (state.ActiveTicketOf(ticket.PatientId) is { } again)
        {
            return Decision.Reject(RejectionKind.Conflict, $"This patient has joined again with ticket {again.QueueId}.");
        }

        var home = ticket.CounterId is { } id && command.OpenCounters.Any(c => c.Id == id) && state.Counter(id).Status != CounterStatus.Break
            ? id
            : ShortestLine(state, command.OpenCounters, except: null)?.Id;
        return Decision.Accept([new Recalled(ticket.TicketId, home, command.Now, command.By)]);
    }

    public static Decision Decide(CancelTicket command, QueueDay state)
    {
        var ticket = state.Ticket(command.TicketId);
        if (ticket is null || ticket.PatientId != command.PatientId)
        {
            return Decision.Reject(RejectionKind.NotFound, "You hold no such ticket today.");
        }

        return ticket.Status == TicketStatus.Waiting
            ? Decision.Accept([new Cancelled(ticket.TicketId, command.Now, command.By)])
            : Decision.Reject(RejectionKind.Conflict, "Only a waiting ticket can be cancelled.");
    }

    public static Decision Decide(ChangeCounterStatus command, QueueDay state)
    {
        var events = new List<object>();
        var previous = state.Counter(command.CounterId).Status;
        if (command.Status == CounterStatus.Break)
        {
            if (previous == CounterStatus.Break)
            {
                return Decision.Accept([]);
            }

            state = Append(state, events, new CounterOnBreak(command.CounterId, command.Now, command.By));
            // In call order, each patient goes to the shortest other line; lines stay ordered by arrival.
            foreach (var ticket in state.LineOf(command.CounterId).ToList())
            {
                var target = ShortestLine(state, command.OpenCounters, except: command.CounterId);
                state = Append(state, events, new Reassigned(ticket.TicketId, command.CounterId, target?.Id, ReassignReason.CounterOnBreak, command.Now, command.By));
            }

            return Decision.Accept(events);
        }

        if (previous != command.Status)
        {
            state = Append(state, events, new CounterStatusChanged(command.CounterId, command.Status, command.Now, command.By));
        }

        // Patients waiting in the pool go to the counters that take patients now.
        foreach (var ticket in state.LineOf(null).ToList())
        {
            if (ShortestLine(state, command.OpenCounters, except: null) is not { } target)
            {
                break;
            }

            state = Append(state, events, new Reassigned(ticket.TicketId, null, target.Id, ReassignReason.CounterAvailable, command.Now, command.By));
        }

        return Decision.Accept(events);
    }

    public static QueueDay Evolve(QueueDay state, object @event) => @event switch
    {
        JoinedQueue e => state with
        {
            LastSequence = e.Sequence,
            Tickets = [.. state.Tickets, new TicketState(e.TicketId, e.QueueId, e.Sequence, e.PatientId, e.PatientName, TicketStatus.Waiting, e.CounterId, e.Sequence, e.JoinedAt, null, null)],
        },
        Called e => WithCounter(
            WithTicket(state, e.TicketId, t => t with { Status = TicketStatus.Called, CounterId = e.CounterId, CalledAt = e.At }),
            e.CounterId,
            c => c with { Current = e.TicketId }),
        Served e => WithCounter(
            WithTicket(state, e.TicketId, t => t with { Status = TicketStatus.Served, FinishedAt = e.At }),
            e.CounterId,
            c => c with { Current = null }),
        Skipped e => WithCounter(
            WithTicket(state, e.TicketId, t => t with { Status = TicketStatus.Skipped, FinishedAt = e.At }),
            e.CounterId,
            c => c with { Current = null }),
        Recalled e => WithTicket(state, e.TicketId, t => t with
        {
            Status = TicketStatus.Waiting,
            CounterId = e.CounterId,
            LineKey = state.LineOf(e.CounterId).Select(w => w.LineKey).DefaultIfEmpty(t.Sequence).Min() - 1,
            CalledAt = null,
            FinishedAt = null,
        }),
        Cancelled e => WithTicket(state, e.TicketId, t => t with { Status = TicketStatus.Cancelled, FinishedAt = e.At }),
        Reassigned e => WithTicket(state, e.TicketId, t => t with { CounterId = e.ToCounterId }),
        CounterOnBreak e => WithCounter(state, e.CounterId, c => c with { Status = CounterStatus.Break }),
        CounterStatusChanged e => WithCounter(state, e.CounterId, c => c with { Status = e.Status }),
        TurnApproaching e => WithTicket(state, e.TicketId, t => t with { ToldTurnApproaching = true }),
        _ => state,
    };

    /// <summary><c>OPD_001_4821</c>: service code, daily sequence (at least three digits), four random digits.</summary>
    public static string TicketNumber(string serviceCode, int sequence, int suffix) =>
        FormattableString.Invariant($"{serviceCode}_{sequence:D3}_{suffix:D4}");

    /// <summary>
    /// Calls the head of the counter's line. An available counter whose line is empty takes the
    /// longest-waiting patient of the service from the pool or another counter, and says so.
    /// </summary>
    private static void CallFollowing(QueueDay state, List<object> events, int counterId, DateTimeOffset now, string by)
    {
        var next = state.LineOf(counterId).FirstOrDefault();
        if (next is null && state.Counter(counterId).Status == CounterStatus.Available)
        {
            next = state.Waiting.OrderBy(t => t.Sequence).FirstOrDefault();
            if (next is not null)
            {
                state = Append(state, events, new Reassigned(next.TicketId, next.CounterId, counterId, ReassignReason.IdleCounter, now, by));
            }
        }

        if (next is not null)
        {
            Append(state, events, new Called(next.TicketId, counterId, now, by));
        }
    }

    private static QueueDay Append(QueueDay state, List<object> events, object @event)
    {
        events.Add(@event);
        return Evolve(state, @event);
    }

    /// <summary>The open, available counter with the fewest waiting patients; ties go to the lowest id. None: the pool.</summary>
    private static OpenCounter? ShortestLine(QueueDay state, IReadOnlyList<OpenCounter> openCounters, int? except) =>
        openCounters
            .Where(counter => counter.Id != except && state.Counter(counter.Id).Status == CounterStatus.Available)
            .OrderBy(counter => state.LineOf(counter.Id).Count())
            .ThenBy(counter => counter.Id)
            .FirstOrDefault();

    private static QueueDay WithTicket(QueueDay state, Guid ticketId, Func<TicketState, TicketState> change) =>
        state with { Tickets = [.. state.Tickets.Select(t => t.TicketId == ticketId ? change(t) : t)] };

    private static QueueDay WithCounter(QueueDay state, int counterId, Func<CounterState, CounterState> change)
    {
        var changed = change(state.Counter(counterId));
        return state with { Counters = [.. state.Counters.Where(c => c.Id != counterId), changed] };
    }
}
