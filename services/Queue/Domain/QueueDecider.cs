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

        var events = new List<object>();
        state = FollowRules(state, events, command.ServiceCode, command.Rules, command.Now);
        var sequence = state.Service(command.ServiceCode).LastSequence + 1;
        var counter = ShortestLine(state, command.ServiceCode, command.OpenCounters, except: null);
        events.Add(new JoinedQueue(
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
            command.JoinedBy,
            command.Category?.Code,
            command.Category?.Level ?? CallLevel.Regular,
            command.TrackingToken));
        return Decision.Accept(events);
    }

    public static Decision Decide(CallNext command, FacilityDay state)
    {
        if (state.Counter(command.CounterId).Status == CounterStatus.Break)
        {
            return Decision.Reject(RejectionKind.Conflict, "This counter is on break: set it available first.");
        }

        var events = new List<object>();
        state = FollowRules(state, events, command.ServiceCode, command.Rules, command.Now);
        state = FinishCurrent(state, events, command.CounterId, command.Now, command.By);
        CallFollowing(state, events, command.ServiceCode, command.CounterId, command.Now, command.By);
        return Decision.Accept(events);
    }

    public static Decision Decide(CallTicket command, FacilityDay state)
    {
        if (state.Counter(command.CounterId).Status == CounterStatus.Break)
        {
            return Decision.Reject(RejectionKind.Conflict, "This counter is on break: set it available first.");
        }

        if (state.Ticket(command.TicketId) is not { } ticket)
        {
            return Decision.Reject(RejectionKind.NotFound, "No such ticket today.");
        }

        if (ticket.ServiceCode != command.ServiceCode)
        {
            return Decision.Reject(RejectionKind.Conflict, $"Ticket {ticket.QueueId} waits for another service than this counter's.");
        }

        if (ticket.Status != TicketStatus.Waiting)
        {
            return Decision.Reject(RejectionKind.Conflict, $"Ticket {ticket.QueueId} is not waiting.");
        }

        var events = new List<object>();
        state = FollowRules(state, events, command.ServiceCode, command.Rules, command.Now);
        state = FinishCurrent(state, events, command.CounterId, command.Now, command.By);
        Append(state, events, new Called(command.ServiceCode, ticket.TicketId, command.CounterId, command.Now, command.By, OutOfTurn: true));
        return Decision.Accept(events);
    }

    public static Decision Decide(SkipPatient command, FacilityDay state)
    {
        if (state.CurrentAt(command.CounterId) is not { } current)
        {
            return Decision.Reject(RejectionKind.Conflict, "Nobody is being served at this counter.");
        }

        var events = new List<object>();
        state = FollowRules(state, events, command.ServiceCode, command.Rules, command.Now);
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
        var events = new List<object>();
        state = Append(state, events, new Recalled(ticket.ServiceCode, ticket.TicketId, home, command.Now, command.By));
        FollowRules(state, events, ticket.ServiceCode, command.Rules, command.Now); // after: the recalled patient may be past the target
        return Decision.Accept(events);
    }

    public static Decision Decide(TransferTicket command, FacilityDay state)
    {
        if (state.Ticket(command.TicketId) is not { } ticket)
        {
            return Decision.Reject(RejectionKind.NotFound, "No such ticket today.");
        }

        if (ticket.ServiceCode == command.ToServiceCode)
        {
            return Decision.Reject(RejectionKind.Invalid, $"Ticket {ticket.QueueId} is in this service already.");
        }

        if (ticket.Status is not (TicketStatus.Waiting or TicketStatus.Called))
        {
            return Decision.Reject(RejectionKind.Conflict, $"Ticket {ticket.QueueId} is {ticket.Status.Name()}: only a waiting or called patient can be sent on.");
        }

        if (state.ActiveTicketOf(ticket.PatientId, command.ToServiceCode) is { } held)
        {
            return Decision.Reject(RejectionKind.Conflict, $"This patient already holds ticket {held.QueueId} of that service.");
        }

        if (command.OpenCounters.Count == 0)
        {
            return Decision.Reject(RejectionKind.Closed, "No counter of that service is open now.");
        }

        var events = new List<object>();
        state = FollowRules(state, events, command.ToServiceCode, command.Rules, command.Now);
        var counter = ShortestLine(state, command.ToServiceCode, command.OpenCounters, except: null);
        events.Add(new Transferred(
            ticket.ServiceCode, ticket.TicketId, command.ToServiceCode, ticket.CounterId, counter?.Id, command.Placement, command.Note, command.Now, command.By));
        return Decision.Accept(events);
    }

    public static Decision Decide(SetCategory command, FacilityDay state)
    {
        if (state.Ticket(command.TicketId) is not { } ticket)
        {
            return Decision.Reject(RejectionKind.NotFound, "No such ticket today.");
        }

        if (ticket.Status != TicketStatus.Waiting)
        {
            return Decision.Reject(RejectionKind.Conflict, $"Ticket {ticket.QueueId} is not waiting: only a waiting patient's category can change.");
        }

        if (ticket.Category == command.Category?.Code)
        {
            return Decision.Accept([]);
        }

        var events = new List<object>();
        state = Append(state, events, new CategorySet(ticket.ServiceCode, ticket.TicketId, command.Category?.Code, command.Category?.Level ?? CallLevel.Regular, command.Now, command.By));
        FollowRules(state, events, ticket.ServiceCode, command.Rules, command.Now); // after: a patient made regular again may be past the target
        return Decision.Accept(events);
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

            state = FollowRules(state, events, service, command.Rules, command.Now);
            state = Append(state, events, new CounterOnBreak(service, command.CounterId, command.Now, command.By));
            // In call order, each patient goes to the shortest other line; lines stay ordered by arrival.
            foreach (var ticket in state.LineOf(new LineId(service, command.CounterId)).ToList())
            {
                var target = ShortestLine(state, service, command.OpenCounters, except: command.CounterId);
                state = Append(state, events, new Reassigned(service, ticket.TicketId, command.CounterId, target?.Id, ReassignReason.CounterOnBreak, command.Now, command.By));
            }

            return Decision.Accept(events);
        }

        state = FollowRules(state, events, service, command.Rules, command.Now);
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
        Called e => Call(state, e),
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
            LineKey = ((state.Lines.TryGetValue(new LineId(t.ServiceCode, e.CounterId), out var line) ? line.FirstKey : null) ?? t.ArrivalKey) - 1,
            CalledAt = null,
            FinishedAt = null,
        }),
        Cancelled e => Moved(state, e.TicketId, t => t with { Status = TicketStatus.Cancelled, FinishedAt = e.At }),
        Reassigned e => Moved(state, e.TicketId, t => t with { CounterId = e.ToCounterId }),
        CounterOnBreak e => WithCounter(state, e.CounterId, c => c with { Status = CounterStatus.Break }),
        CounterStatusChanged e => WithCounter(state, e.CounterId, c => c with { Status = e.Status }),
        TurnApproaching e => Moved(state, e.TicketId, t => t with { ToldTurnApproaching = true }),
        Transferred e => Transfer(state, e),
        CategorySet e => Moved(state, e.TicketId, t => t with { Category = e.Category, CategoryLevel = e.CategoryLevel }),
        WaitedPastTarget e => Moved(state, e.TicketId, t => t with { PastTarget = true }),
        ServiceRulesSet e => state with
        {
            Services = state.Services.SetItem(e.ServiceCode, state.Service(e.ServiceCode) with { Rules = new ServiceRules(e.PriorityRun, e.TargetWaitMinutes) }),
        },
        _ => state,
    };

    /// <summary><c>OPD_001_4821</c>: service code, daily sequence (at least three digits), four random digits.</summary>
    public static string TicketNumber(string serviceCode, int sequence, int suffix) =>
        FormattableString.Invariant($"{serviceCode}_{sequence:D3}_{suffix:D4}");

    /// <summary>
    /// Before a command on a service: the day takes the catalog's rules for it if they changed, and every regular
    /// patient of the service who has now waited longer than its target wait becomes priority.
    /// </summary>
    private static FacilityDay FollowRules(FacilityDay state, List<object> events, string serviceCode, ServiceRules rules, DateTimeOffset now)
    {
        if (state.Service(serviceCode).Rules != rules)
        {
            state = Append(state, events, new ServiceRulesSet(serviceCode, rules.PriorityRun, rules.TargetWaitMinutes, now));
        }

        var due = now.AddMinutes(-rules.TargetWaitMinutes);
        var pastTarget = state.RegularWaits.TryGetValue(serviceCode, out var waits)
            ? waits.TakeWhile(wait => wait.Since <= due).Select(wait => wait.TicketId).ToList()
            : [];
        foreach (var ticketId in pastTarget)
        {
            state = Append(state, events, new WaitedPastTarget(serviceCode, ticketId, rules.TargetWaitMinutes, now));
        }

        return state;
    }

    /// <summary>The patient at the counter, if any, is served.</summary>
    private static FacilityDay FinishCurrent(FacilityDay state, List<object> events, int counterId, DateTimeOffset now, string by) =>
        state.CurrentAt(counterId) is { } current
            ? Append(state, events, new Served(current.ServiceCode, current.TicketId, counterId, now, by))
            : state;

    /// <summary>
    /// Calls the head of the counter's line. An available counter whose line is empty takes the patient of
    /// the service from the pool or another counter who would be called first if all its lines were one
    /// (by level, the longest-waiting within it), and says so.
    /// </summary>
    private static void CallFollowing(FacilityDay state, List<object> events, string serviceCode, int counterId, DateTimeOffset now, string by)
    {
        var next = state.LineOf(new LineId(serviceCode, counterId)).FirstOrDefault();
        if (next is null && state.Counter(counterId).Status == CounterStatus.Available)
        {
            next = FirstOfService(state, serviceCode, state.Counter(counterId).PriorityRun);
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

    /// <summary>Of all the service's waiting patients, the one the call order takes first, for a counter with the given run.</summary>
    private static TicketState? FirstOfService(FacilityDay state, string serviceCode, int run)
    {
        var waiting = state.WaitingOf(serviceCode).ToList();
        TicketState? Earliest(CallLevel level) => waiting.Where(t => t.CallLevel == level).MinBy(t => t.Place, LinePlace.CallOrder);
        var priorityRun = state.Service(serviceCode).Rules.PriorityRun;
        if (Earliest(CallLevel.Emergency) is { } emergency)
        {
            return emergency;
        }

        if (priorityRun == 0)
        {
            return waiting.MinBy(t => t.Place, LinePlace.CallOrder);
        }

        var (priority, regular) = (Earliest(CallLevel.Priority), Earliest(CallLevel.Regular));
        return priority is null ? regular : regular is null || run < priorityRun ? priority : regular;
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
        var arrival = state.LastArrival + 1;
        var ticket = new TicketState(
            e.TicketId, e.ServiceCode, e.QueueId, e.Sequence, e.PatientId, e.PatientName, TicketStatus.Waiting, e.CounterId, arrival, e.JoinedAt, null, null,
            Category: e.Category, CategoryLevel: e.Category is null ? CallLevel.Regular : e.CategoryLevel, ArrivalKey: arrival, NumberedIn: e.ServiceCode, TrackingToken: e.TrackingToken);
        var service = state.Service(e.ServiceCode);
        return state with
        {
            LastArrival = arrival,
            Services = state.Services.SetItem(e.ServiceCode, service with { LastSequence = e.Sequence }),
            Tickets = state.Tickets.Add(ticket.TicketId, ticket),
            Lines = AddPlace(state.Lines, ticket),
            RegularWaits = Rewaited(state.RegularWaits, null, ticket),
            TicketsOfPatient = state.TicketsOfPatient.SetItem(
                e.PatientId, (state.TicketsOfPatient.GetValueOrDefault(e.PatientId) ?? []).Add(ticket.TicketId)),
        };
    }

    /// <summary>
    /// A transfer: the ticket leaves its line or counter (which is then free) and waits in the other service's line, placed
    /// at the end (a new arrival), by its first arrival of the visit, or first within its level.
    /// </summary>
    private static FacilityDay Transfer(FacilityDay state, Transferred e)
    {
        if (state.Ticket(e.TicketId) is not { } ticket)
        {
            return state;
        }

        if (ticket.Status == TicketStatus.Called && ticket.CounterId is { } at && state.Counter(at).Current == ticket.TicketId)
        {
            state = WithCounter(state, at, c => c with { Current = null });
        }

        var target = new LineId(e.ToServiceCode, e.ToCounterId);
        var key = e.Placement switch
        {
            TransferPlacement.Arrival => ticket.ArrivalKey,
            TransferPlacement.Front => ((state.Lines.TryGetValue(target, out var line) ? line.FirstKey : null) ?? state.LastArrival + 1) - 1,
            _ => state.LastArrival + 1,
        };
        if (e.Placement == TransferPlacement.End)
        {
            state = state with { LastArrival = key };
        }

        return Moved(state, e.TicketId, t => t with
        {
            ServiceCode = e.ToServiceCode,
            CounterId = e.ToCounterId,
            Status = TicketStatus.Waiting,
            LineKey = key,
            CalledAt = null,
            WaitingSince = e.At,
            PastTarget = false,
            TransferNote = e.Note,
            EarlierSteps = (ticket.EarlierSteps ?? []).Add((ticket.ServiceCode, e.At)),
        });
    }

    /// <summary>
    /// A call: the ticket is at the counter, and the counter's run of priority calls grows when it called a
    /// priority patient while a regular one waited in its line, starts again after a regular patient (or a
    /// priority one with no regular patient waiting), and stays as it was for an emergency.
    /// </summary>
    private static FacilityDay Call(FacilityDay state, Called e)
    {
        var counter = state.Counter(e.CounterId);
        var run = state.Ticket(e.TicketId) is { } ticket
            ? ticket.CallLevel switch
            {
                CallLevel.Emergency => counter.PriorityRun,
                CallLevel.Priority when state.Lines.TryGetValue(new LineId(ticket.ServiceCode, e.CounterId), out var line) && line.Regular.Count > 0 => counter.PriorityRun + 1,
                _ => 0,
            }
            : 0;
        return WithCounter(
            Moved(state, e.TicketId, t => t with { Status = TicketStatus.Called, CounterId = e.CounterId, CalledAt = e.At }),
            e.CounterId,
            c => c with { Current = e.TicketId, PriorityRun = run });
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
            var rest = line.Without(before.CallLevel, before.Place);
            lines = rest.Count == 0 ? lines.Remove(before.Line) : lines.SetItem(before.Line, rest);
        }

        return state with { Tickets = state.Tickets.SetItem(ticketId, after), Lines = AddPlace(lines, after), RegularWaits = Rewaited(state.RegularWaits, before, after) };
    }

    /// <summary>Keeps <see cref="FacilityDay.RegularWaits"/> in step with a ticket's change (none before: it joined).</summary>
    private static ImmutableDictionary<string, ImmutableSortedSet<WaitStart>> Rewaited(
        ImmutableDictionary<string, ImmutableSortedSet<WaitStart>> waits, TicketState? before, TicketState after)
    {
        static (string Service, WaitStart Start)? Entry(TicketState? ticket) => ticket is { Status: TicketStatus.Waiting, CallLevel: CallLevel.Regular }
            ? (ticket.ServiceCode, new WaitStart(ticket.WaitingSince ?? ticket.JoinedAt, ticket.ArrivalKey, ticket.TicketId))
            : null;
        var (old, current) = (Entry(before), Entry(after));
        if (old == current)
        {
            return waits;
        }

        if (old is var (oldService, oldStart))
        {
            var rest = waits[oldService].Remove(oldStart);
            waits = rest.Count == 0 ? waits.Remove(oldService) : waits.SetItem(oldService, rest);
        }

        return current is var (service, start) ? waits.SetItem(service, waits.GetValueOrDefault(service, WaitStart.None).Add(start)) : waits;
    }

    private static ImmutableDictionary<LineId, WaitingLine> AddPlace(ImmutableDictionary<LineId, WaitingLine> lines, TicketState ticket) =>
        ticket.Status != TicketStatus.Waiting
            ? lines
            : lines.SetItem(ticket.Line, (lines.GetValueOrDefault(ticket.Line) ?? WaitingLine.Empty).With(ticket.CallLevel, ticket.Place));

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
