using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

/// <summary>
/// The seven rules of the queue, checked after every step of random interleavings of joins, calls,
/// skips, recalls, cancels and status changes (breaks included) at three counters, with the
/// "almost your turn" reminders decided as the running service decides them.
/// </summary>
public class QueueRulesProperties
{
    private static readonly Guid[] Patients = [.. Enumerable.Range(0, 12).Select(_ => Guid.NewGuid())];

    private const int ReminderPosition = 2;

    /// <summary>Up to 200 steps, each drawn from a wide range so every patient, counter and command comes up.</summary>
    private static readonly Arbitrary<int[]> Operations =
        Gen.Choose(0, 999_999).ArrayOf().Resize(200).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Every_rule_holds_after_every_step() => Prop.ForAll(Operations, Run);

    private static void Run(int[] operations)
    {
        var state = Given();
        var joins = 0;
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
            joins += decision.Events.OfType<JoinedQueue>().Count();
            CheckRules(before, command, decision, state, joins);
            CheckReminders(before, decision, state, reminded);
        }
    }

    private static (object Command, Decision Decision) Step(QueueDay state, int operation)
    {
        var value = operation;
        var counter = (value / 7 % 3) + 1;
        var tickets = state.Tickets;
        var someTicket = tickets.Count == 0 ? null : tickets[value / 7 % tickets.Count];
        object command = (value % 8) switch
        {
            0 or 1 or 2 => Join(Patients[value / 7 % Patients.Length]),
            3 => new CallNext(counter, Now, "op"),
            4 => new SkipPatient(counter, Now, "op"),
            5 => new RecallTicket(someTicket?.TicketId ?? Guid.NewGuid(), Counters, Now, "op"),
            6 => new CancelTicket(someTicket?.TicketId ?? Guid.NewGuid(), someTicket?.PatientId ?? Guid.NewGuid(), Now, "patient"),
            _ => new ChangeCounterStatus(counter, (CounterStatus)(value / 21 % 3), Counters, Now, "op"),
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

    private static void CheckRules(QueueDay before, object command, Decision decision, QueueDay after, int joins)
    {
        // 1. Numbers are issued once, gap-free, in order of joining.
        Assert.Equal(Enumerable.Range(1, joins), after.Tickets.Select(t => t.Sequence));
        Assert.Equal(joins, after.Tickets.Select(t => t.QueueId).Distinct().Count());

        // 2. Nobody lost or duplicated; a called patient is at exactly one counter, a counter serves at most one.
        Assert.Equal(joins, after.Tickets.Select(t => t.TicketId).Distinct().Count());
        var called = after.Tickets.Where(t => t.Status == TicketStatus.Called).ToList();
        var currents = after.Counters.Where(c => c.Current is not null).ToList();
        Assert.Equal(called.Count, currents.Count);
        Assert.All(currents, c => Assert.Equal(c.Id, after.Ticket(c.Current!.Value)!.CounterId));

        // 3 and 4. A call takes the head of the counter's own line, or, when that is empty at an
        // available counter, the longest-waiting patient of the service: it never stays idle.
        if (command is CallNext or SkipPatient)
        {
            var counterId = command is CallNext call ? call.CounterId : ((SkipPatient)command).CounterId;
            var afterFinish = decision.Events.TakeWhile(e => e is Served or Skipped).Aggregate(before, QueueDecider.Evolve);
            var own = afterFinish.LineOf(counterId).FirstOrDefault();
            var status = afterFinish.Counter(counterId).Status;
            var expected = own ?? (status == CounterStatus.Available ? afterFinish.Waiting.OrderBy(t => t.Sequence).FirstOrDefault() : null);
            var calledNow = decision.Events.OfType<Called>().SingleOrDefault();
            Assert.Equal(status == CounterStatus.Break ? null : expected?.TicketId, calledNow?.TicketId);
        }

        // 5. Nobody waits at a counter on break; every line is in call order and, apart from recalled
        // patients, in order of arrival. New patients go only to available counters.
        foreach (var counter in after.Counters.Where(c => c.Status == CounterStatus.Break))
        {
            Assert.Empty(after.LineOf(counter.Id));
        }

        foreach (var line in after.Waiting.GroupBy(t => t.CounterId))
        {
            var arrivals = line.Where(t => t.LineKey == t.Sequence).OrderBy(t => t.LineKey).Select(t => t.Sequence).ToList();
            Assert.Equal(arrivals.Order(), arrivals);
        }

        foreach (var joined in decision.Events.OfType<JoinedQueue>().Where(j => j.CounterId is not null))
        {
            Assert.Equal(CounterStatus.Available, before.Counter(joined.CounterId!.Value).Status);
        }

        // 6. A patient holds at most one active ticket.
        Assert.All(
            after.Tickets.Where(t => t.Status is TicketStatus.Waiting or TicketStatus.Called).GroupBy(t => t.PatientId),
            group => Assert.Single(group));
    }

    /// <summary>
    /// A reminder goes once per ticket, to a waiting patient now within the position who was further
    /// back before; and nobody crosses into the position unreminded unless they had been told already.
    /// </summary>
    private static void CheckReminders(QueueDay before, Decision decision, QueueDay after, HashSet<Guid> reminded)
    {
        var placesBefore = TurnReminders.Places(before);
        var placesAfter = TurnReminders.Places(after);
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
}
