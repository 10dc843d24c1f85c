using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

public class CounterRulesTests
{
    [Fact]
    public void Call_next_serves_the_current_patient_and_calls_the_first_in_line()
    {
        var first = Joined(1, 1);
        var second = Joined(2, 1);
        var state = Given(first, second, new Called("OPD", first.TicketId, 1, Now, "op"));

        var decision = QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state);

        Assert.Equal([new Served("OPD", first.TicketId, 1, Now, "op"), new Called("OPD", second.TicketId, 1, Now, "op")], decision.Events);
    }

    [Fact]
    public void Within_a_counter_patients_are_called_in_order_of_arrival()
    {
        var tickets = new[] { Joined(1, 1), Joined(2, 2), Joined(3, 1), Joined(4, 1) };
        var state = Given(tickets);
        var calledAtOne = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var decision = QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state);
            calledAtOne.Add(decision.Events.OfType<Called>().Single().TicketId);
            state = state.Then(decision);
        }

        Assert.Equal([tickets[0].TicketId, tickets[2].TicketId, tickets[3].TicketId], calledAtOne);
    }

    [Fact]
    public void An_idle_counter_takes_the_longest_waiting_patient_of_the_service_and_says_so()
    {
        var early = Joined(1, 2);
        var late = Joined(2, 3);
        var state = Given(early, late);

        var decision = QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state);

        Assert.Equal(
            [new Reassigned("OPD", early.TicketId, 2, 1, ReassignReason.IdleCounter, Now, "op"), new Called("OPD", early.TicketId, 1, Now, "op")],
            decision.Events);
    }

    [Fact]
    public void A_busy_counter_serves_its_line_but_takes_nobody_else()
    {
        var elsewhere = Joined(1, 2);
        var state = Given(elsewhere, new CounterStatusChanged("OPD", 1, CounterStatus.Busy, Now, "op"));

        Assert.Empty(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state).Events);
    }

    [Fact]
    public void A_counter_on_break_cannot_call()
    {
        var state = Given(Joined(1, 1), new CounterOnBreak("OPD", 1, Now, "op"));

        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state).Rejection?.Kind);
    }

    [Fact]
    public void Skip_marks_the_absent_patient_and_calls_the_next()
    {
        var absent = Joined(1, 1);
        var next = Joined(2, 1);
        var state = Given(absent, next, new Called("OPD", absent.TicketId, 1, Now, "op"));

        var decision = QueueDecider.Decide(new SkipPatient("OPD", 1, Rules, Now, "op"), state);

        Assert.Equal([new Skipped("OPD", absent.TicketId, 1, Now, "op"), new Called("OPD", next.TicketId, 1, Now, "op")], decision.Events);
    }

    [Fact]
    public void Skip_without_a_current_patient_is_refused() =>
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new SkipPatient("OPD", 1, Rules, Now, "op"), Given(Joined(1, 1))).Rejection?.Kind);

    [Fact]
    public void A_recalled_patient_is_first_in_the_line_of_their_counter()
    {
        var absent = Joined(1, 1);
        var second = Joined(2, 1);
        var third = Joined(3, 1);
        var state = Given(absent, second, third, new Called("OPD", absent.TicketId, 1, Now, "op"), new Skipped("OPD", absent.TicketId, 1, Now, "op"), new Called("OPD", second.TicketId, 1, Now, "op"));

        state = state.Then(QueueDecider.Decide(new RecallTicket(absent.TicketId, Counters, Rules, Now, "op"), state));

        Assert.Equal([absent.TicketId, third.TicketId], state.LineOf(At(1)).Select(t => t.TicketId));
        Assert.Equal(new Called("OPD", absent.TicketId, 1, Now, "op"), QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state).Events[1]);
    }

    [Fact]
    public void Only_a_skipped_patient_can_be_recalled()
    {
        var waiting = Joined(1, 1);
        var state = Given(waiting);

        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new RecallTicket(waiting.TicketId, Counters, Rules, Now, "op"), state).Rejection?.Kind);
        Assert.Equal(RejectionKind.NotFound, QueueDecider.Decide(new RecallTicket(Guid.NewGuid(), Counters, Rules, Now, "op"), state).Rejection?.Kind);
    }

    [Fact]
    public void A_skipped_patient_who_joined_again_is_not_recalled_into_a_second_ticket()
    {
        var patient = Guid.NewGuid();
        var skipped = Joined(1, 1, patient);
        var state = Given(skipped, new Called("OPD", skipped.TicketId, 1, Now, "op"), new Skipped("OPD", skipped.TicketId, 1, Now, "op"), Joined(2, 1, patient));

        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new RecallTicket(skipped.TicketId, Counters, Rules, Now, "op"), state).Rejection?.Kind);
    }

    [Fact]
    public void A_patient_cancels_only_their_own_waiting_ticket()
    {
        var patient = Guid.NewGuid();
        var mine = Joined(1, 1, patient);
        var state = Given(mine);

        Assert.Equal(RejectionKind.NotFound, QueueDecider.Decide(new CancelTicket(mine.TicketId, Guid.NewGuid(), Now, "x"), state).Rejection?.Kind);
        var cancelled = state.Then(QueueDecider.Decide(new CancelTicket(mine.TicketId, patient, Now, "patient"), state));
        Assert.Equal(TicketStatus.Cancelled, cancelled.Ticket(mine.TicketId)!.Status);
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(new CancelTicket(mine.TicketId, patient, Now, "patient"), cancelled).Rejection?.Kind);
    }

    [Fact]
    public void A_break_spreads_the_line_over_the_other_counters_merged_by_arrival()
    {
        // Counter 1 holds 1, 4, 6; counter 2 holds 2, 5; counter 3 holds 3.
        var tickets = new[] { Joined(1, 1), Joined(2, 2), Joined(3, 3), Joined(4, 1), Joined(5, 2), Joined(6, 1) };
        var state = Given(tickets);

        var decision = QueueDecider.Decide(new ChangeCounterStatus("OPD", 1, CounterStatus.Break, Counters, Rules, Now, "op"), state);
        state = state.Then(decision);

        Assert.IsType<CounterOnBreak>(decision.Events[0]);
        Assert.Equal(3, decision.Events.OfType<Reassigned>().Count());
        Assert.Empty(state.LineOf(At(1)));
        foreach (var counter in new[] { 2, 3 })
        {
            var sequences = state.LineOf(At(counter)).Select(t => t.Sequence).ToList();
            Assert.Equal(sequences.Order(), sequences);
        }

        Assert.Equal(6, state.LineOf(At(2)).Count() + state.LineOf(At(3)).Count());
    }

    [Fact]
    public void A_break_keeps_the_patient_being_served_and_with_no_other_counter_the_line_waits_in_the_pool()
    {
        var serving = Joined(1, 1);
        var waiting = Joined(2, 1);
        var state = Given(serving, waiting, new Called("OPD", serving.TicketId, 1, Now, "op"));

        state = state.Then(QueueDecider.Decide(new ChangeCounterStatus("OPD", 1, CounterStatus.Break, [new OpenCounter(1, "Counter 1")], Rules, Now, "op"), state));

        Assert.Equal(serving.TicketId, state.CurrentAt(1)!.TicketId);
        Assert.Equal([waiting.TicketId], state.LineOf(At(null)).Select(t => t.TicketId));

        // Back from break: the pool comes to the counter.
        state = state.Then(QueueDecider.Decide(new ChangeCounterStatus("OPD", 1, CounterStatus.Available, [new OpenCounter(1, "Counter 1")], Rules, Now, "op"), state));
        Assert.Equal([waiting.TicketId], state.LineOf(At(1)).Select(t => t.TicketId));
    }
}
