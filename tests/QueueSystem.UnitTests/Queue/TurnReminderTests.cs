using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

public class TurnReminderTests
{
    private static Decision Decide(FacilityDay state, object command, int position = 3) =>
        TurnReminders.Follow(
            command switch
            {
                CallNext c => QueueDecider.Decide(c, state),
                JoinQueue c => QueueDecider.Decide(c, state),
                ChangeCounterStatus c => QueueDecider.Decide(c, state),
                CancelTicket c => QueueDecider.Decide(c, state),
                _ => throw new ArgumentOutOfRangeException(nameof(command)),
            },
            state,
            position,
            Now);

    private static JoinedQueue[] Line(int counterId, int count, int firstSequence = 1) =>
        [.. Enumerable.Range(firstSequence, count).Select(sequence => Joined(sequence, counterId))];

    [Fact]
    public void The_patient_who_moves_up_to_third_is_reminded_once()
    {
        var line = Line(1, 5);
        var state = Given(line);

        var first = Decide(state, new CallNext("OPD", 1, Rules, Now, "op"));
        Assert.Equal(new TurnApproaching("OPD", line[3].TicketId, 1, 3, Now), first.Events.OfType<TurnApproaching>().Single());

        state = state.Then(first);
        Assert.True(state.Ticket(line[3].TicketId)!.ToldTurnApproaching);
        var second = Decide(state, new CallNext("OPD", 1, Rules, Now, "op"));
        Assert.Equal(line[4].TicketId, second.Events.OfType<TurnApproaching>().Single().TicketId);
    }

    [Fact]
    public void Whoever_joins_already_within_the_position_sees_it_on_the_phone_and_is_not_reminded()
    {
        var state = Given(Line(1, 2));

        var decision = Decide(state, Join(counters: [new OpenCounter(1, "Counter 1")]));

        Assert.Empty(decision.Events.OfType<TurnApproaching>());
    }

    [Fact]
    public void A_break_that_moves_patients_forward_reminds_those_it_brought_within_the_position()
    {
        var line = Line(1, 6);
        var state = Given(line);

        // Counters 2 and 3 take the six in turn: 4th, 5th and 6th become 2nd, 3rd and 3rd; the 3rd was close already.
        var decision = Decide(state, new ChangeCounterStatus("OPD", 1, CounterStatus.Break, Counters, Rules, Now, "op"));

        Assert.Equal(
            new HashSet<Guid> { line[3].TicketId, line[4].TicketId, line[5].TicketId },
            decision.Events.OfType<TurnApproaching>().Select(r => r.TicketId).ToHashSet());
        Assert.All(decision.Events.OfType<TurnApproaching>(), r => Assert.NotEqual(1, r.CounterId));
    }

    [Fact]
    public void A_cancellation_ahead_moves_the_next_patient_within_the_position()
    {
        var line = Line(1, 4);
        var state = Given(line);

        var decision = Decide(state, new CancelTicket(line[0].TicketId, line[0].PatientId, Now, "patient"));

        Assert.Equal(new TurnApproaching("OPD", line[3].TicketId, 1, 3, Now), decision.Events.OfType<TurnApproaching>().Single());
    }

    [Fact]
    public void Position_zero_turns_reminders_off_and_refusals_stay_untouched()
    {
        var state = Given(Line(1, 5));

        Assert.Empty(Decide(state, new CallNext("OPD", 1, Rules, Now, "op"), position: 0).Events.OfType<TurnApproaching>());
        var refused = Decide(state, new CancelTicket(Guid.NewGuid(), Guid.NewGuid(), Now, "patient"));
        Assert.NotNull(refused.Rejection);
        Assert.Empty(refused.Events);
    }
}
