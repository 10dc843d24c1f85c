using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

/// <summary>The priority mix over random days: nobody waits without end, and the position shown is the order of calling.</summary>
public class PriorityMixProperties
{
    private static readonly OpenCounter[] OneCounter = [new(1, "Counter 1")];

    /// <summary>Up to 300 steps, each drawn from a wide range so every kind of step comes up.</summary>
    private static readonly Arbitrary<int[]> Operations = Gen.Choose(0, 999_999).ArrayOf().Resize(300).ToArbitrary();

    /// <summary>
    /// The bound on waiting, at one counter with priority patients arriving without end (no emergencies, no recalls,
    /// nobody past the target wait): a regular patient who joined with j regular patients waiting is called after at
    /// most j + (j + 1) × priorityRun others; a priority patient who joined with i priority patients waiting after at
    /// most i + i / priorityRun + 1 others. With priorityRun 0, after at most as many as were waiting when they joined.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Every_patient_is_called_within_the_stated_bound() => Prop.ForAll(Operations, operations =>
    {
        var rules = new ServiceRules(operations.Length == 0 ? 2 : operations[0] % 4, 1440);
        var state = Given();
        var bound = new Dictionary<Guid, int>();
        var callsSince = new Dictionary<Guid, int>();
        foreach (var operation in operations)
        {
            Decision decision;
            if (operation % 5 < 3)
            {
                var category = operation % 5 == 0 ? null : Senior;
                var waiting = state.WaitingOf("OPD").ToList();
                decision = QueueDecider.Decide(Join(counters: OneCounter, category: category, rules: rules), state);
                var ticketId = decision.Events.OfType<JoinedQueue>().Single().TicketId;
                var sameLevel = waiting.Count(t => t.CategoryLevel == (category is null ? CallLevel.Regular : CallLevel.Priority));
                bound[ticketId] = rules.PriorityRun == 0 ? waiting.Count
                    : category is null ? sameLevel + ((sameLevel + 1) * rules.PriorityRun)
                    : sameLevel + (sameLevel / rules.PriorityRun) + 1;
                callsSince[ticketId] = 0;
            }
            else
            {
                decision = QueueDecider.Decide(new CallNext("OPD", 1, rules, Now, "op"), state);
                if (decision.Events.OfType<Called>().SingleOrDefault() is { } called)
                {
                    Assert.InRange(callsSince[called.TicketId], 0, bound[called.TicketId]);
                    callsSince.Remove(called.TicketId);
                    foreach (var waiting in callsSince.Keys)
                    {
                        callsSince[waiting]++;
                    }
                }
            }

            state = state.Then(decision);
        }

        // Whoever is still waiting has not yet been passed by more than their bound either.
        Assert.All(callsSince, waiting => Assert.InRange(waiting.Value, 0, bound[waiting.Key]));
    });

    /// <summary>
    /// After any day of joins (every level), calls, skips, recalls, category changes, calls out of turn, breaks and a
    /// minute passing every few steps: once a counter has called, the rest of its line is called exactly in the order
    /// of the positions shown, as long as nobody else arrives and no more time passes.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property The_position_shown_is_the_order_of_calling() => Prop.ForAll(Operations, operations =>
    {
        var rules = new ServiceRules(operations.Length == 0 ? 2 : operations[0] % 4, 20);
        var state = Given();
        var now = Now;
        TicketCategory?[] categories = [null, null, Senior, Emergency];
        foreach (var (operation, step) in operations.Select((operation, step) => (operation, step)))
        {
            now = Now.AddMinutes(step / 3);
            var counter = (operation / 7 % 3) + 1;
            var tickets = state.Tickets.Values.OrderBy(t => t.Sequence).ToList();
            var someTicket = tickets.Count == 0 ? Guid.NewGuid() : tickets[operation / 7 % tickets.Count].TicketId;
            var category = categories[operation / 11 % categories.Length];
            var decision = (operation % 9) switch
            {
                0 or 1 or 2 => QueueDecider.Decide(Join(category: category, rules: rules, at: now), state),
                3 => QueueDecider.Decide(new CallNext("OPD", counter, rules, now, "op"), state),
                4 => QueueDecider.Decide(new SkipPatient("OPD", counter, rules, now, "op"), state),
                5 => QueueDecider.Decide(new RecallTicket(someTicket, Counters, rules, now, "op"), state),
                6 => QueueDecider.Decide(new SetCategory(someTicket, category, rules, now, "op"), state),
                7 => QueueDecider.Decide(new ChangeCounterStatus("OPD", counter, (CounterStatus)(operation / 13 % 3), Counters, rules, now, "op"), state),
                _ => QueueDecider.Decide(new CallTicket("OPD", counter, someTicket, rules, now, "op"), state),
            };
            state = decision.Rejection is null ? state.Then(decision) : state;
        }

        foreach (var counterId in Counters.Select(c => c.Id).Where(id => state.Counter(id).Status != CounterStatus.Break))
        {
            var day = state.Then(QueueDecider.Decide(new CallNext("OPD", counterId, rules, now, "op"), state));
            var shown = day.LineOf(At(counterId)).Select(t => (t.TicketId, Position: day.PositionOf(t)!.Value)).ToList();
            var called = new List<Guid>();
            for (var remaining = shown.Count; remaining > 0; remaining--)
            {
                var decision = QueueDecider.Decide(new CallNext("OPD", counterId, rules, now, "op"), day);
                called.Add(decision.Events.OfType<Called>().Single().TicketId);
                day = day.Then(decision);
            }

            Assert.Equal(Enumerable.Range(1, shown.Count), shown.Select(s => s.Position));
            Assert.Equal(shown.Select(s => s.TicketId), called);
        }
    });
}
