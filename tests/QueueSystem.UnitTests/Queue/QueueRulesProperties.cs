using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

/// <summary>
/// The rules of the queue, checked after every step of random interleavings of joins (regular, priority and
/// emergency patients), calls (next in line and out of turn), skips, recalls, cancels, category changes,
/// transfers between the services (every placement) and status changes (breaks included) on one facility's day with two services at once (OPD at three counters,
/// LAB at two), a minute passing every few steps so that regular patients pass the target wait, with the
/// "almost your turn" reminders decided as the running service decides them. Each run draws the services'
/// priority run (0 to 3).
/// </summary>
public class QueueRulesProperties
{
    private static readonly Guid[] Patients = [.. Enumerable.Range(0, 12).Select(_ => Guid.NewGuid())];

    private static readonly Dictionary<string, OpenCounter[]> ServiceCounters = new()
    {
        ["OPD"] = Counters,
        ["LAB"] = [new(4, "Lab 1"), new(5, "Lab 2")],
    };

    private static readonly string[] ServiceCodes = ["OPD", "LAB"];

    private const int ReminderPosition = 2;

    private const int TargetWaitMinutes = 20;

    private static readonly TicketCategory?[] Categories = [null, null, null, Senior, new("PREGNANT", CallLevel.Priority), Emergency];

    /// <summary>Up to 200 steps, each drawn from a wide range so every patient, counter and command comes up.</summary>
    private static readonly Arbitrary<int[]> Operations =
        Gen.Choose(0, 999_999).ArrayOf().Resize(200).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Every_rule_holds_after_every_step() => Prop.ForAll(Operations, Run);

    private static void Run(int[] operations)
    {
        var rules = new ServiceRules(operations.Length == 0 ? 2 : operations[0] % 4, TargetWaitMinutes);
        var state = Given();
        var joins = ServiceCodes.ToDictionary(code => code, _ => 0);
        var reminded = new HashSet<Guid>();
        var runs = new Dictionary<int, int>();
        foreach (var (operation, step) in operations.Select((operation, step) => (operation, step)))
        {
            var before = state;
            var now = Now.AddMinutes(step / 3);
            var (command, decided) = Step(state, operation, rules, now);
            var decision = TurnReminders.Follow(decided, state, ReminderPosition, now);
            if (decision.Rejection is not null)
            {
                Assert.Empty(decision.Events);
                continue;
            }

            state = decision.Events.Aggregate(state, QueueDecider.Evolve);
            foreach (var joined in decision.Events.OfType<JoinedQueue>())
            {
                joins[joined.ServiceCode]++;
            }

            CheckAcrossServices(state, joins);
            foreach (var service in ServiceCodes)
            {
                CheckRules(before, command, decision, state, service);
            }

            CheckLevels(before, decision, rules, runs);
            CheckTransfers(before, decision, state);
            CheckPastTarget(command, before, decision, state, now);
            CheckWaitIndex(state);
            CheckReminders(before, decision, state, reminded);
            CheckTicketsChanged(before, decision, state);
        }
    }

    /// <summary>Every ticket whose patient would see something new is among those the relay sends out again.</summary>
    private static void CheckTicketsChanged(FacilityDay before, Decision decision, FacilityDay after)
    {
        var changed = LineChanges.TicketsChanged(decision.Events, before, after);
        foreach (var ticket in after.Tickets.Values)
        {
            var earlier = before.Ticket(ticket.TicketId);
            if (earlier is null || earlier.Status != ticket.Status || earlier.CounterId != ticket.CounterId || earlier.Category != ticket.Category
                || before.PositionOf(earlier) != after.PositionOf(ticket))
            {
                Assert.Contains(ticket.TicketId, changed);
            }
        }
    }

    private static (object Command, Decision Decision) Step(FacilityDay state, int operation, ServiceRules rules, DateTimeOffset now)
    {
        var value = operation;
        var service = ServiceCodes[value / 5 % 2];
        var counters = ServiceCounters[service];
        var counter = counters[value / 7 % counters.Length].Id;
        var tickets = state.Tickets.Values.OrderBy(t => t.TicketId).ToList();
        var someTicket = tickets.Count == 0 ? null : tickets[value / 7 % tickets.Count];
        var ticketCounters = someTicket is null ? counters : ServiceCounters[someTicket.ServiceCode];
        var category = Categories[value / 11 % Categories.Length];
        var otherService = ServiceCodes.First(code => code != (someTicket?.ServiceCode ?? service));
        object command = (value % 12) switch
        {
            0 or 1 or 2 => Join(Patients[value / 7 % Patients.Length], counters, serviceCode: service, category: category, rules: rules, at: now),
            3 or 4 => new CallNext(service, counter, rules, now, "op"),
            5 => new SkipPatient(service, counter, rules, now, "op"),
            6 => new RecallTicket(someTicket?.TicketId ?? Guid.NewGuid(), ticketCounters, rules, now, "op"),
            7 => new CancelTicket(someTicket?.TicketId ?? Guid.NewGuid(), someTicket?.PatientId ?? Guid.NewGuid(), now, "patient"),
            8 => new SetCategory(someTicket?.TicketId ?? Guid.NewGuid(), category, rules, now, "op"),
            9 => new CallTicket(service, counter, someTicket?.TicketId ?? Guid.NewGuid(), rules, now, "op"),
            10 => new TransferTicket(
                someTicket?.TicketId ?? Guid.NewGuid(), value / 13 % 5 == 0 ? someTicket?.ServiceCode ?? service : otherService, (TransferPlacement)(value / 17 % 3), "sent on",
                ServiceCounters[otherService], rules, now, "op"),
            _ => new ChangeCounterStatus(service, counter, (CounterStatus)(value / 21 % 3), counters, rules, now, "op"),
        };
        var decision = command switch
        {
            JoinQueue c => QueueDecider.Decide(c, state),
            CallNext c => QueueDecider.Decide(c, state),
            SkipPatient c => QueueDecider.Decide(c, state),
            RecallTicket c => QueueDecider.Decide(c, state),
            CancelTicket c => QueueDecider.Decide(c, state),
            SetCategory c => QueueDecider.Decide(c, state),
            CallTicket c => QueueDecider.Decide(c, state),
            TransferTicket c => QueueDecider.Decide(c, state),
            ChangeCounterStatus c => QueueDecider.Decide(c, state),
            _ => throw new InvalidOperationException(),
        };
        return (command, decision);
    }

    /// <summary>Nobody lost or duplicated; a called patient is at exactly one counter of their service, a counter serves at most one.</summary>
    private static void CheckAcrossServices(FacilityDay after, Dictionary<string, int> joins)
    {
        Assert.Equal(joins.Values.Sum(), after.Tickets.Count);
        var called = after.Tickets.Values.Where(t => t.Status == TicketStatus.Called).ToList();
        var currents = after.Counters.Values.Where(c => c.Current is not null).ToList();
        Assert.Equal(called.Count, currents.Count);
        Assert.All(currents, c =>
        {
            var ticket = after.Ticket(c.Current!.Value)!;
            Assert.Equal(c.Id, ticket.CounterId);
            Assert.Contains(ServiceCounters[ticket.ServiceCode], open => open.Id == c.Id);
        });

        // Every waiting ticket is in exactly the line its state names, and the lines hold nobody else.
        var inLines = after.Lines.SelectMany(line => line.Value.InCallOrder(after.Service(line.Key.ServiceCode).Rules.PriorityRun, after.RunOf(line.Key))
            .Select(place => (line.Key, place.TicketId))).ToList();
        Assert.Equal(after.Lines.Values.Sum(line => line.Count), inLines.Count);
        Assert.Equal(inLines.Count, inLines.Select(p => p.TicketId).Distinct().Count());
        Assert.Equal(
            after.Tickets.Values.Where(t => t.Status == TicketStatus.Waiting).Select(t => (t.Line, t.TicketId)).OrderBy(p => p.TicketId),
            inLines.OrderBy(p => p.TicketId));
    }

    private static void CheckRules(FacilityDay before, object command, Decision decision, FacilityDay after, string service)
    {
        var tickets = after.TicketsOf(service).ToList();

        // 1. Numbers are issued once, gap-free, in order of joining, per service (a transferred ticket keeps its number).
        var numbered = after.Tickets.Values.Where(t => t.NumberedIn == service).OrderBy(t => t.ArrivalKey).ToList();
        Assert.Equal(Enumerable.Range(1, numbered.Count), numbered.Select(t => t.Sequence));
        Assert.Equal(numbered.Count, numbered.Select(t => t.QueueId).Distinct().Count());
        Assert.All(numbered, t => Assert.StartsWith(service + "_", t.QueueId, StringComparison.Ordinal));

        // 3 and 4. A call takes the head of the counter's own line, or, when that is empty at an available
        // counter, the patient of the service the call order takes first across its lines: it never stays idle.
        if (command is CallNext or SkipPatient && (command is CallNext call ? call.ServiceCode : ((SkipPatient)command).ServiceCode) == service)
        {
            var counterId = command is CallNext next ? next.CounterId : ((SkipPatient)command).CounterId;
            var afterFinish = decision.Events.TakeWhile(e => e is not Called and not Reassigned).Aggregate(before, QueueDecider.Evolve);
            var own = afterFinish.LineOf(At(counterId, service)).FirstOrDefault();
            var status = afterFinish.Counter(counterId).Status;
            var rules = afterFinish.Service(service).Rules;
            var expected = own ?? (status == CounterStatus.Available
                ? ExpectedOrder(afterFinish.WaitingOf(service), rules.PriorityRun, afterFinish.Counter(counterId).PriorityRun).FirstOrDefault()
                : null);
            var calledNow = decision.Events.OfType<Called>().SingleOrDefault();
            Assert.Equal(status == CounterStatus.Break ? null : expected?.TicketId, calledNow?.TicketId);
        }

        // 5. Nobody waits at a counter on break; every line is in call order and, apart from recalled
        // patients, in order of arrival. New patients go only to available counters.
        foreach (var counter in ServiceCounters[service].Where(c => after.Counter(c.Id).Status == CounterStatus.Break))
        {
            Assert.Empty(after.LineOf(At(counter.Id, service)));
        }

        foreach (var line in after.WaitingOf(service).GroupBy(t => t.CounterId))
        {
            var ordered = after.LineOf(At(line.Key, service)).ToList();
            var expected = ExpectedOrder(line, after.Service(service).Rules.PriorityRun, after.RunOf(At(line.Key, service)));
            Assert.Equal(expected.Select(t => t.TicketId), ordered.Select(t => t.TicketId));
            foreach (var level in Enum.GetValues<CallLevel>())
            {
                var arrivals = ordered.Where(t => t.CallLevel == level && t.LineKey == t.ArrivalKey).Select(t => t.ArrivalKey).ToList();
                Assert.Equal(arrivals.Order(), arrivals);
            }

            Assert.Equal(Enumerable.Range(1, ordered.Count), ordered.Select(t => after.PositionOf(t)!.Value));
        }

        foreach (var joined in decision.Events.OfType<JoinedQueue>().Where(j => j.CounterId is not null && j.ServiceCode == service))
        {
            Assert.Equal(CounterStatus.Available, before.Counter(joined.CounterId!.Value).Status);
            Assert.Contains(ServiceCounters[service], open => open.Id == joined.CounterId);
        }

        // 6. A patient holds at most one active ticket per service.
        Assert.All(
            tickets.Where(t => t.Status is TicketStatus.Waiting or TicketStatus.Called).GroupBy(t => t.PatientId),
            group => Assert.Single(group));
    }

    /// <summary>
    /// API.md's call order, written from its words for a line's waiting tickets: emergencies first; then, while
    /// priority and regular patients both wait, at most <paramref name="priorityRun"/> priority calls in a row (the
    /// counter has made <paramref name="run"/> already) before the next regular one (0: both in order of arrival);
    /// each level by place, a recalled patient first.
    /// </summary>
    public static List<TicketState> ExpectedOrder(IEnumerable<TicketState> waiting, int priorityRun, int run)
    {
        var byPlace = waiting.OrderBy(t => t.LineKey).ThenBy(t => t.Sequence).ThenBy(t => t.TicketId).ToList();
        var order = byPlace.Where(t => t.CallLevel == CallLevel.Emergency).ToList();
        var priority = new Queue<TicketState>(byPlace.Where(t => t.CallLevel == CallLevel.Priority));
        var regular = new Queue<TicketState>(byPlace.Where(t => t.CallLevel == CallLevel.Regular));
        if (priorityRun == 0)
        {
            return [.. order, .. byPlace.Where(t => t.CallLevel != CallLevel.Emergency)];
        }

        var inARow = run;
        while (priority.Count > 0 && regular.Count > 0)
        {
            if (inARow < priorityRun)
            {
                order.Add(priority.Dequeue());
                inARow++;
            }
            else
            {
                order.Add(regular.Dequeue());
                inARow = 0;
            }
        }

        return [.. order, .. priority, .. regular];
    }

    /// <summary>
    /// At every call: an emergency waiting in the counter's line is called before anyone else, and a priority patient
    /// is called while a regular one waits there at most <c>priorityRun</c> times in a row (calls out of turn are
    /// staff's choice, so they count but are not held to it).
    /// </summary>
    private static void CheckLevels(FacilityDay before, Decision decision, ServiceRules rules, Dictionary<int, int> runs)
    {
        var state = before;
        foreach (var @event in decision.Events)
        {
            if (@event is Called called && state.Ticket(called.TicketId) is { } ticket)
            {
                var line = state.LineOf(At(called.CounterId, ticket.ServiceCode)).Where(t => t.TicketId != ticket.TicketId).ToList();
                var regularWaits = line.Any(t => t.CallLevel == CallLevel.Regular);
                var inARow = runs.GetValueOrDefault(called.CounterId);
                if (!called.OutOfTurn)
                {
                    Assert.True(ticket.CallLevel == CallLevel.Emergency || line.All(t => t.CallLevel != CallLevel.Emergency), "an emergency waited behind someone called");
                    if (rules.PriorityRun > 0 && ticket.CallLevel == CallLevel.Priority && regularWaits)
                    {
                        Assert.True(inARow < rules.PriorityRun, $"{inARow + 1} priority calls in a row while a regular patient waited");
                    }
                }

                runs[called.CounterId] = ticket.CallLevel switch
                {
                    CallLevel.Emergency => inARow,
                    CallLevel.Priority when regularWaits => inARow + 1,
                    _ => 0,
                };
            }

            state = QueueDecider.Evolve(state, @event);
        }
    }

    /// <summary>
    /// 8. A transfer moves the ticket in one step: after it, the ticket waits in exactly the target service's line (checked
    /// with every line above), is at no counter, and the counter it was called at serves nobody; its number stays.
    /// </summary>
    private static void CheckTransfers(FacilityDay before, Decision decision, FacilityDay after)
    {
        foreach (var transfer in decision.Events.OfType<Transferred>())
        {
            var was = before.Ticket(transfer.TicketId)!;
            var now = after.Ticket(transfer.TicketId)!;
            Assert.Equal((transfer.ToServiceCode, TicketStatus.Waiting, was.QueueId), (now.ServiceCode, now.Status, now.QueueId));
            Assert.DoesNotContain(after.Counters.Values, c => c.Current == transfer.TicketId);
            if (was.Status == TicketStatus.Called)
            {
                Assert.Null(after.Counter(was.CounterId!.Value).Current);
            }
        }
    }

    /// <summary>
    /// After a decision on a service (one that changed something), none of its waiting regular patients who joined
    /// more than the target wait ago is still called as regular.
    /// </summary>
    private static void CheckPastTarget(object command, FacilityDay before, Decision decision, FacilityDay after, DateTimeOffset now)
    {
        var service = command switch
        {
            JoinQueue c => c.ServiceCode,
            CallNext c => c.ServiceCode,
            SkipPatient c => c.ServiceCode,
            CallTicket c => c.ServiceCode,
            ChangeCounterStatus c => c.ServiceCode,
            RecallTicket c => before.Ticket(c.TicketId)?.ServiceCode,
            SetCategory c => before.Ticket(c.TicketId)?.ServiceCode,
            TransferTicket c => c.ToServiceCode,
            _ => null,
        };
        if (service is null || decision.Events.Count == 0)
        {
            return;
        }

        Assert.DoesNotContain(
            after.WaitingOf(service),
            t => t.CallLevel == CallLevel.Regular && (t.WaitingSince ?? t.JoinedAt) <= now.AddMinutes(-TargetWaitMinutes));
    }

    /// <summary>The index of regular patients by when they began waiting holds exactly the waiting regular patients of each service.</summary>
    private static void CheckWaitIndex(FacilityDay state)
    {
        foreach (var service in ServiceCodes)
        {
            var expected = state.WaitingOf(service).Where(t => t.CallLevel == CallLevel.Regular)
                .Select(t => new WaitStart(t.WaitingSince ?? t.JoinedAt, t.ArrivalKey, t.TicketId)).Order(WaitStart.Order).ToList();
            Assert.Equal(expected, state.RegularWaits.GetValueOrDefault(service, WaitStart.None).ToList());
        }
    }

    /// <summary>
    /// A reminder goes once per ticket, to a waiting patient now within the position who was further
    /// back before; and nobody crosses into the position unreminded unless they had been told already.
    /// </summary>
    private static void CheckReminders(FacilityDay before, Decision decision, FacilityDay after, HashSet<Guid> reminded)
    {
        var placesBefore = Places(before);
        var placesAfter = Places(after);
        foreach (var reminder in decision.Events.OfType<TurnApproaching>())
        {
            Assert.True(reminded.Add(reminder.TicketId), "a ticket was reminded twice");
            Assert.Equal(reminder.Position, placesAfter[reminder.TicketId]);
            Assert.InRange(reminder.Position, 1, ReminderPosition);
            Assert.True(placesBefore[reminder.TicketId] > ReminderPosition);
        }

        foreach (var (ticketId, place) in placesAfter)
        {
            if (place <= ReminderPosition && placesBefore.TryGetValue(ticketId, out var earlier) && earlier > ReminderPosition)
            {
                Assert.Contains(ticketId, reminded);
            }
        }
    }

    /// <summary>Each waiting ticket's place in its line, counted here from the tickets themselves.</summary>
    private static Dictionary<Guid, int> Places(FacilityDay day) =>
        day.Tickets.Values
            .Where(t => t.Status == TicketStatus.Waiting)
            .GroupBy(t => t.Line)
            .SelectMany(line => ExpectedOrder(line, day.Service(line.Key.ServiceCode).Rules.PriorityRun, day.RunOf(line.Key)).Select((t, index) => (t.TicketId, Place: index + 1)))
            .ToDictionary(p => p.TicketId, p => p.Place);
}
