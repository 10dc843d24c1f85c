using System.Collections.Immutable;

namespace QueueSystem.Queue.Domain;

/// <summary>
/// The queue's rules as pure functions: commands decide events, events evolve the state. Decisions
/// that produce several events fold each through <see cref="Evolve"/> as they go, so every later
/// choice (the shortest line, the next patient) sees the effect of the earlier ones.
/// </summary>
public static class QueueDecider
{
    public static Decision Decide(JoinQueue command, FacilityDay state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(command.TicketSuffix);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(command.TicketSuffix, 9999);
        if (command.OpenCounters.Count == 0)
        {
            return Decision.Reject(RejectionKind.Closed, "No counter of this service is open now.");
        }

        if (state.ActiveTicketOf(command.PatientId, command.ServiceCode) is { } active)
        {
            return Decision.Reject(RejectionKind.Conflict, $"You already hold ticket {active.QueueId} for this service today.");
        }

        var sequence = state.Service(command.ServiceCode).LastSequence + 1;
        var counter = ShortestLine(state, command.ServiceCode, command.OpenCounters, except: null);
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

    public static Decision Decide(CallNext command, FacilityDay state)
    {
        if (state.Counter(command.CounterId).Status == CounterStatus.Break)
        {
            return Decision.Reject(RejectionKind.Conflict, "This counter is on break: set it available first.");
        }

        var events = new List<object>();
        if (state.CurrentAt(command.CounterId) is { } current)
        {
            state = Append(state, events, new Served(current.ServiceCode, current.TicketId, command.CounterId, command.Now, command.By));
        }

        CallFollowing(state, events, command.ServiceCode, command.CounterId, command.Now, command.By);
        return Decision.Accept(events);
    }

    public static Decision Decide(SkipPatient command, FacilityDay state)
    {
        if (state.CurrentAt(command.CounterId) is not { } current)
        {
            return Decision.Reject(RejectionKind.Conflict, "Nobody is being served at this counter.");
        }

        var events = new List<object>();
        state = Append(state, events, new Skipped(current.ServiceCode, current.TicketId, command.CounterId, command.Now, command.By));
        if (state.Counter(command.CounterId).Status != CounterStatus.Break)
        {
            CallFollowing(state, events, command.ServiceCode, command.CounterId, command.Now, command.By);
        }

        return Decision.Accept(events);
    }

    public static Decision Decide(RecallTicket command, FacilityDay state)
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

        if (state.ActiveTicketOf(ticket.PatientId, ticket.ServiceCode) is { } again)
        {
            return Decision.Reject(RejectionKind.Conflict, $"This patient has joined again with ticket {again.QueueId}.");
        }

        var home = ticket.CounterId is { } id && command.OpenCounters.Any(c => c.Id == id) && state.Counter(id).Status != CounterStatus.Break
            ? id
            : ShortestLine(state, ticket.ServiceCode, command.OpenCounters, except: null)?.Id;
        return Decision.Accept([new Recalled(ticket.ServiceCode, ticket.TicketId, home, command.Now, command.By)]);
    }

    public static Decision Decide(CancelTicket command, FacilityDay state)
    {
        var ticket = state.Ticket(command.TicketId);
        if (ticket is null || ticket.PatientId != command.PatientId)
        {
            return Decision.Reject(RejectionKind.NotFound, "You hold no such ticket today.");
        }

        return ticket.Status == TicketStatus.Waiting
            ? Decision.Accept([new Cancelled(ticket.ServiceCode, ticket.TicketId, command.Now, command.By)])
            : Decision.Reject(RejectionKind.Conflict, "Only a waiting ticket can be cancelled.");
    }

    public static Decision Decide(ChangeCounterStatus command, FacilityDay state)
    {
        var events = new List<object>();
        var service = command.ServiceCode;
        var previous = state.Counter(command.CounterId).Status;
        if (command.Status == CounterStatus.Break)
        {
            if (previous == CounterStatus.Break)
            {
                return Decision.Accept([]);
            }

            state = Append(state, events, new CounterOnBreak(service, command.CounterId, command.Now, command.By));
            // In call order, each patient goes to the shortest other line; lines stay ordered by arrival.
            foreach (var ticket in state.LineOf(new LineId(service, command.CounterId)).ToList())
            {
                var target = ShortestLine(state, service, command.OpenCounters, except: command.CounterId);
                state = Append(state, events, new Reassigned(service, ticket.TicketId, command.CounterId, target?.Id, ReassignReason.CounterOnBreak, command.Now, command.By));
            }

            return Decision.Accept(events);
        }

        if (previous != command.Status)
        {
            state = Append(state, events, new CounterStatusChanged(service, command.CounterId, command.Status, command.Now, command.By));
        }

        // Patients waiting in the pool go to the counters that take patients now.
        foreach (var ticket in state.LineOf(new LineId(service, null)).ToList())
        {
            if (ShortestLine(state, service, command.OpenCounters, except: null) is not { } target)
            {
                break;
            }

            state = Append(state, events, new Reassigned(service, ticket.TicketId, null, target.Id, ReassignReason.CounterAvailable, command.Now, command.By));
        }

        return Decision.Accept(events);
    }

    public static FacilityDay Evolve(FacilityDay state, object @event) => @event switch
    {
        JoinedQueue e => Joined(state, e),
        Called e => WithCounter(
            Moved(state, e.TicketId, t => t with { Status = TicketStatus.Called, CounterId = e.CounterId, CalledAt = e.At }),
            e.CounterId,
            c => c with { Current = e.TicketId }),
        Served e => WithCounter(
            WithServed(Moved(state, e.TicketId, t => t with { Status = TicketStatus.Served, FinishedAt = e.At }), e.TicketId),
            e.CounterId,
            c => c with { Current = null }),
        Skipped e => WithCounter(
            Moved(state, e.TicketId, t => t with { Status = TicketStatus.Skipped, FinishedAt = e.At }),
            e.CounterId,
            c => c with { Current = null }),
        Recalled e => Moved(state, e.TicketId, t => t with
        {
            Status = TicketStatus.Waiting,
            CounterId = e.CounterId,
            LineKey = (state.Lines.TryGetValue(new LineId(t.ServiceCode, e.CounterId), out var line) && line.Count > 0 ? line.Min.LineKey : t.Sequence) - 1,
            CalledAt = null,
            FinishedAt = null,
        }),
        Cancelled e => Moved(state, e.TicketId, t => t with { Status = TicketStatus.Cancelled, FinishedAt = e.At }),
        Reassigned e => Moved(state, e.TicketId, t => t with { CounterId = e.ToCounterId }),
        CounterOnBreak e => WithCounter(state, e.CounterId, c => c with { Status = CounterStatus.Break }),
        CounterStatusChanged e => WithCounter(state, e.CounterId, c => c with { Status = e.Status }),
        TurnApproaching e => Moved(state, e.TicketId, t => t with { ToldTurnApproaching = true }),
        _ => state,
    };

    /// <summary><c>OPD_001_4821</c>: service code, daily sequence (at least three digits), four random digits.</summary>
    public static string TicketNumber(string serviceCode, int sequence, int suffix) =>
        FormattableString.Invariant($"{serviceCode}_{sequence:D3}_{suffix:D4}");

    /// <summary>
    /// Calls the head of the counter's line. An available counter whose line is empty takes the
    /// longest-waiting patient of the service from the pool or another counter, and says so.
    /// </summary>
    private static void CallFollowing(FacilityDay state, List<object> events, string serviceCode, int counterId, DateTimeOffset now, string by)
    {
        var next = state.LineOf(new LineId(serviceCode, counterId)).FirstOrDefault();
        if (next is null && state.Counter(counterId).Status == CounterStatus.Available)
        {
            next = state.WaitingOf(serviceCode).MinBy(t => t.Sequence);
            if (next is not null)
            {
                state = Append(state, events, new Reassigned(serviceCode, next.TicketId, next.CounterId, counterId, ReassignReason.IdleCounter, now, by));
            }
        }

        if (next is not null)
        {
            Append(state, events, new Called(serviceCode, next.TicketId, counterId, now, by));
        }
    }

    private static FacilityDay Append(FacilityDay state, List<object> events, object @event)
    {
        events.Add(@event);
        return Evolve(state, @event);
    }

    /// <summary>The open, available counter with the fewest waiting patients; ties go to the lowest id. None: the pool.</summary>
    private static OpenCounter? ShortestLine(FacilityDay state, string serviceCode, IReadOnlyList<OpenCounter> openCounters, int? except) =>
        openCounters
            .Where(counter => counter.Id != except && state.Counter(counter.Id).Status == CounterStatus.Available)
            .OrderBy(counter => state.LengthOf(new LineId(serviceCode, counter.Id)))
            .ThenBy(counter => counter.Id)
            .FirstOrDefault();

    private static FacilityDay Joined(FacilityDay state, JoinedQueue e)
    {
        var ticket = new TicketState(e.TicketId, e.ServiceCode, e.QueueId, e.Sequence, e.PatientId, e.PatientName, TicketStatus.Waiting, e.CounterId, e.Sequence, e.JoinedAt, null, null);
        var service = state.Service(e.ServiceCode);
        return state with
        {
            Services = state.Services.SetItem(e.ServiceCode, service with { LastSequence = e.Sequence }),
            Tickets = state.Tickets.Add(ticket.TicketId, ticket),
            Lines = AddPlace(state.Lines, ticket),
            TicketsOfPatient = state.TicketsOfPatient.SetItem(
                e.PatientId, (state.TicketsOfPatient.GetValueOrDefault(e.PatientId) ?? []).Add(ticket.TicketId)),
        };
    }

    /// <summary>Changes a ticket and keeps the lines in step: out of its old line, into its new one if it is waiting.</summary>
    private static FacilityDay Moved(FacilityDay state, Guid ticketId, Func<TicketState, TicketState> change)
    {
        if (state.Ticket(ticketId) is not { } before)
        {
            return state;
        }

        var after = change(before);
        var lines = state.Lines;
        if (before.Status == TicketStatus.Waiting && lines.TryGetValue(before.Line, out var line))
        {
            var rest = line.Remove(before.Place);
            lines = rest.Count == 0 ? lines.Remove(before.Line) : lines.SetItem(before.Line, rest);
        }

        return state with { Tickets = state.Tickets.SetItem(ticketId, after), Lines = AddPlace(lines, after) };
    }

    private static ImmutableDictionary<LineId, ImmutableSortedSet<LinePlace>> AddPlace(ImmutableDictionary<LineId, ImmutableSortedSet<LinePlace>> lines, TicketState ticket) =>
        ticket.Status != TicketStatus.Waiting
            ? lines
            : lines.SetItem(ticket.Line, (lines.GetValueOrDefault(ticket.Line) ?? LinePlace.EmptyLine).Add(ticket.Place));

    /// <summary>Counts a served patient's minutes at the counter, for the wait estimate.</summary>
    private static FacilityDay WithServed(FacilityDay state, Guid ticketId)
    {
        if (state.Ticket(ticketId) is not { CalledAt: { } calledAt, FinishedAt: { } finishedAt } ticket)
        {
            return state;
        }

        var service = state.Service(ticket.ServiceCode);
        return state with
        {
            Services = state.Services.SetItem(
                ticket.ServiceCode,
                service with { ServedCount = service.ServedCount + 1, ServedMinutes = service.ServedMinutes + (finishedAt - calledAt).TotalMinutes }),
        };
    }

    private static FacilityDay WithCounter(FacilityDay state, int counterId, Func<CounterState, CounterState> change) =>
        state with { Counters = state.Counters.SetItem(counterId, change(state.Counter(counterId))) };
}
