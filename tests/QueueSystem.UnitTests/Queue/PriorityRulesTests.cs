using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

public class PriorityRulesTests
{
    private static readonly OpenCounter[] OneCounter = [new(1, "Counter 1")];

    /// <summary>Joins each category (null: regular) at counter 1, in order, and returns the day with their ticket ids.</summary>
    private static (FacilityDay Day, Guid[] Tickets) Line(ServiceRules rules, params TicketCategory?[] categories)
    {
        var state = Given();
        var tickets = new List<Guid>();
        foreach (var category in categories)
        {
            var decision = QueueDecider.Decide(Join(counters: OneCounter, category: category, rules: rules), state);
            tickets.Add(decision.Events.OfType<JoinedQueue>().Single().TicketId);
            state = state.Then(decision);
        }

        return (state, [.. tickets]);
    }

    private static List<Guid> CallAll(FacilityDay state, ServiceRules rules, int counterId = 1)
    {
        var called = new List<Guid>();
        while (QueueDecider.Decide(new CallNext("OPD", counterId, rules, Now, "op"), state) is var decision && decision.Events.OfType<Called>().SingleOrDefault() is { } call)
        {
            called.Add(call.TicketId);
            state = state.Then(decision);
        }

        return called;
    }

    private static Guid[] InLine(FacilityDay state, int counterId = 1) => [.. state.LineOf(At(counterId)).Select(t => t.TicketId)];

    [Fact]
    public void Emergencies_come_first_then_two_priority_calls_for_each_regular_one()
    {
        var (state, t) = Line(Rules, null, null, null, Senior, Senior, Emergency, Senior, Senior, Emergency);

        Guid[] expected = [t[5], t[8], t[3], t[4], t[0], t[6], t[7], t[1], t[2]];
        Assert.Equal(expected, InLine(state));
        Assert.Equal(Enumerable.Range(1, 9), expected.Select(id => state.PositionOf(state.Ticket(id)!)!.Value));
        Assert.Equal(expected, CallAll(state, Rules));
    }

    [Fact]
    public void A_priority_run_of_0_records_categories_and_calls_in_order_of_arrival_after_emergencies()
    {
        var rules = Rules with { PriorityRun = 0 };
        var (state, t) = Line(rules, null, Senior, null, Emergency, Senior);

        Assert.Equal([t[3], t[0], t[1], t[2], t[4]], CallAll(state, rules));
        Assert.Equal("SENIOR", state.Ticket(t[1])!.Category);
    }

    [Fact]
    public void The_run_counts_calls_already_made_while_a_regular_patient_waited()
    {
        var (state, t) = Line(Rules, null, Senior, Senior, Senior);
        state = state.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state)); // Senior 1, one in a row

        Assert.Equal(1, state.Counter(1).PriorityRun);
        Assert.Equal([t[2], t[0], t[3]], InLine(state));
        Assert.Equal(2, state.PositionOf(state.Ticket(t[0])!));
    }

    [Fact]
    public void A_regular_patient_past_the_target_wait_is_called_as_priority_and_it_is_recorded()
    {
        var rules = Rules with { PriorityRun = 1, TargetWaitMinutes = 30 };
        var (state, t) = Line(rules, null, null, Senior, Senior);
        Assert.Equal([t[2], t[0], t[3], t[1]], InLine(state));

        var later = QueueDecider.Decide(new CallNext("OPD", 1, rules, Now.AddMinutes(31), "op"), state);

        // Both regular patients are now priority, ahead of the later seniors by arrival.
        Assert.Equal([t[0], t[1]], later.Events.OfType<WaitedPastTarget>().Select(e => e.TicketId));
        Assert.Equal(t[0], later.Events.OfType<Called>().Single().TicketId);
        Assert.Equal([t[1], t[2], t[3]], InLine(state.Then(later)));
    }

    [Fact]
    public void A_recalled_patient_goes_first_within_their_level_and_behind_emergencies()
    {
        var (state, t) = Line(Rules, null, null, Emergency);
        state = state.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state)); // the emergency
        state = state.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state)); // regular 1
        state = state.Then(QueueDecider.Decide(new SkipPatient("OPD", 1, Rules, Now, "op"), state)); // regular 1 absent, regular 2 called
        state = state.Then(QueueDecider.Decide(Join(counters: OneCounter, category: Emergency), state));
        state = state.Then(QueueDecider.Decide(Join(counters: OneCounter), state));

        state = state.Then(QueueDecider.Decide(new RecallTicket(t[0], OneCounter, Rules, Now, "op"), state));

        var line = state.LineOf(At(1)).ToList();
        Assert.Equal(CallLevel.Emergency, line[0].CallLevel);
        Assert.Equal(t[0], line[1].TicketId);
        Assert.Equal(2, state.PositionOf(state.Ticket(t[0])!));
    }

    [Fact]
    public void Staff_set_and_clear_a_category_of_a_waiting_patient_only()
    {
        var (state, t) = Line(Rules, null, null);
        var marked = QueueDecider.Decide(new SetCategory(t[1], Emergency, Rules, Now, "staff:nurse"), state);

        Assert.Equal(new CategorySet("OPD", t[1], "EMERGENCY", CallLevel.Emergency, Now, "staff:nurse"), marked.Single<CategorySet>());
        state = state.Then(marked);
        Assert.Equal([t[1], t[0]], InLine(state));
        Assert.Empty(QueueDecider.Decide(new SetCategory(t[1], Emergency, Rules, Now, "staff:nurse"), state).Events);

        state = state.Then(QueueDecider.Decide(new SetCategory(t[1], null, Rules, Now, "staff:nurse"), state));
        Assert.Equal([t[0], t[1]], InLine(state));
        state = state.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state));
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new SetCategory(t[0], Senior, Rules, Now, "op"), state).Rejection?.Kind);
        Assert.Equal(RejectionKind.NotFound, QueueDecider.Decide(new SetCategory(Guid.NewGuid(), Senior, Rules, Now, "op"), state).Rejection?.Kind);
    }

    [Fact]
    public void Calling_out_of_turn_finishes_the_current_patient_and_calls_the_one_chosen()
    {
        var (state, t) = Line(Rules, null, null, null);
        state = state.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state));

        var decision = QueueDecider.Decide(new CallTicket("OPD", 1, t[2], Rules, Now, "staff:doctor"), state);

        Assert.Equal(
            [new Served("OPD", t[0], 1, Now, "staff:doctor"), new Called("OPD", t[2], 1, Now, "staff:doctor", OutOfTurn: true)],
            decision.Events);
        state = state.Then(decision);
        Assert.Equal([t[1]], InLine(state));
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new CallTicket("OPD", 1, t[2], Rules, Now, "op"), state).Rejection?.Kind);
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new CallTicket("LAB", 4, t[1], Rules, Now, "op"), state).Rejection?.Kind);
        Assert.Equal(RejectionKind.NotFound, QueueDecider.Decide(new CallTicket("OPD", 1, Guid.NewGuid(), Rules, Now, "op"), state).Rejection?.Kind);
    }

    [Fact]
    public void A_change_of_the_services_rules_is_recorded_once_and_the_line_follows_it()
    {
        var (state, t) = Line(Rules, null, Senior, Senior);
        Assert.Equal([t[1], t[2], t[0]], InLine(state));
        var arrival = Rules with { PriorityRun = 0 };

        var decision = QueueDecider.Decide(Join(counters: OneCounter, rules: arrival), state);

        Assert.IsType<ServiceRulesSet>(decision.Events[0]);
        var before = state;
        state = state.Then(decision);
        Assert.Equal(arrival, state.Service("OPD").Rules);
        Assert.Equal([t[0], t[1], t[2]], InLine(state).Take(3));
        Assert.Empty(QueueDecider.Decide(Join(counters: OneCounter, rules: arrival), state).Events.OfType<ServiceRulesSet>());
        Assert.Contains(t[0], LineChanges.TicketsChanged(decision.Events, before, state)); // its place moved: it is told
    }

    [Fact]
    public void A_break_moves_patients_with_their_category_and_an_idle_counter_takes_the_emergency_first()
    {
        var two = new OpenCounter[] { new(1, "Counter 1"), new(2, "Counter 2") };
        var state = Given(Joined(1, 1), Joined(2, 2), Joined(3, 1, category: Emergency), Joined(4, 2, category: Senior));
        var emergency = state.Tickets.Values.Single(t => t.Sequence == 3).TicketId;

        var idle = QueueDecider.Decide(new CallNext("OPD", 3, Rules, Now, "op"), state);
        Assert.Equal(emergency, idle.Events.OfType<Called>().Single().TicketId);

        state = state.Then(QueueDecider.Decide(new ChangeCounterStatus("OPD", 1, CounterStatus.Break, two, Rules, Now, "op"), state));
        var line = state.LineOf(At(2)).ToList();
        Assert.Equal([3, 4, 1, 2], line.Select(t => t.Sequence));
        Assert.Equal("EMERGENCY", line[0].Category);
    }
}
