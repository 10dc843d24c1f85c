using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

/// <summary>
/// The rules of the queue, checked after every step of random interleavings of joins, calls, skips,
/// recalls, cancels and status changes (breaks included) on one facility's day with two services at once
/// (OPD at three counters, LAB at two), with the "almost your turn" reminders decided as the running
/// service decides them.
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

    /// <summary>Up to 200 steps, each drawn from a wide range so every patient, counter and command comes up.</summary>
    private static readonly Arbitrary<int[]> Operations =
        Gen.Choose(0, 999_999).ArrayOf().Resize(200).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Every_rule_holds_after_every_step() => Prop.ForAll(Operations, Run);

    private static void Run(int[] operations)
    {
        var state = Given();
        var joins = ServiceCodes.ToDictionary(code => code, _ => 0);
        var reminded = new HashSet<Guid>();
        foreach (var operation in operations)
        {
            var before = state;
            var (command, decided) = Step(state, operation);
            var decision = TurnReminders.Follow(decided, state, ReminderPosition, Now);
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
            if (earlier is null || earlier.Status != ticket.Status || earlier.CounterId != ticket.CounterId || before.PositionOf(earlier) != after.PositionOf(ticket))
            {
                Assert.Contains(ticket.TicketId, changed);
            }
        }
    }

    private static (object Command, Decision Decision) Step(FacilityDay state, int operation)
    {
        var value = operation;
        var service = ServiceCodes[value / 5 % 2];
        var counters = ServiceCounters[service];
        var counter = counters[value / 7 % counters.Length].Id;
        var tickets = state.Tickets.Values.OrderBy(t => t.TicketId).ToList();
        var someTicket = tickets.Count == 0 ? null : tickets[value / 7 % tickets.Count];
        var ticketCounters = someTicket is null ? counters : ServiceCounters[someTicket.ServiceCode];
        object command = (value % 8) switch
        {
            0 or 1 or 2 => Join(Patients[value / 7 % Patients.Length], counters, serviceCode: service),
            3 => new CallNext(service, counter, Now, "op"),
            4 => new SkipPatient(service, counter, Now, "op"),
            5 => new RecallTicket(someTicket?.TicketId ?? Guid.NewGuid(), ticketCounters, Now, "op"),
            6 => new CancelTicket(someTicket?.TicketId ?? Guid.NewGuid(), someTicket?.PatientId ?? Guid.NewGuid(), Now, "patient"),
            _ => new ChangeCounterStatus(service, counter, (CounterStatus)(value / 21 % 3), counters, Now, "op"),
        };
        var decision = command switch
        {
            JoinQueue c => QueueDecider.Decide(c, state),
            CallNext c => QueueDecider.Decide(c, state),
            SkipPatient c => QueueDecider.Decide(c, state),
            RecallTicket c => QueueDecider.Decide(c, state),
            CancelTicket c => QueueDecider.Decide(c, state),
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
        var inLines = after.Lines.SelectMany(line => line.Value.Select(place => (line.Key, place.TicketId))).ToList();
        Assert.Equal(inLines.Count, inLines.Select(p => p.TicketId).Distinct().Count());
        Assert.Equal(
            after.Tickets.Values.Where(t => t.Status == TicketStatus.Waiting).Select(t => (t.Line, t.TicketId)).OrderBy(p => p.TicketId),
            inLines.OrderBy(p => p.TicketId));
    }

    private static void CheckRules(FacilityDay before, object command, Decision decision, FacilityDay after, string service)
    {
        var tickets = after.TicketsOf(service).ToList();

        // 1. Numbers are issued once, gap-free, in order of joining, per service.
        Assert.Equal(Enumerable.Range(1, tickets.Count), tickets.Select(t => t.Sequence));
        Assert.Equal(tickets.Count, tickets.Select(t => t.QueueId).Distinct().Count());
        Assert.All(tickets, t => Assert.StartsWith(service + "_", t.QueueId, StringComparison.Ordinal));

        // 3 and 4. A call takes the head of the counter's own line, or, when that is empty at an
        // available counter, the longest-waiting patient of the service: it never stays idle.
        if (command is CallNext or SkipPatient && (command is CallNext call ? call.ServiceCode : ((SkipPatient)command).ServiceCode) == service)
        {
            var counterId = command is CallNext next ? next.CounterId : ((SkipPatient)command).CounterId;
            var afterFinish = decision.Events.TakeWhile(e => e is Served or Skipped).Aggregate(before, QueueDecider.Evolve);
            var own = afterFinish.LineOf(At(counterId, service)).FirstOrDefault();
            var status = afterFinish.Counter(counterId).Status;
            var expected = own ?? (status == CounterStatus.Available ? afterFinish.WaitingOf(service).OrderBy(t => t.Sequence).FirstOrDefault() : null);
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
            Assert.Equal(ordered.OrderBy(t => t.LineKey).ThenBy(t => t.Sequence).Select(t => t.TicketId), ordered.Select(t => t.TicketId));
            var arrivals = ordered.Where(t => t.LineKey == t.Sequence).Select(t => t.Sequence).ToList();
            Assert.Equal(arrivals.Order(), arrivals);
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
            .SelectMany(line => line.OrderBy(t => t.LineKey).ThenBy(t => t.Sequence).Select((t, index) => (t.TicketId, Place: index + 1)))
            .ToDictionary(p => p.TicketId, p => p.Place);
}
