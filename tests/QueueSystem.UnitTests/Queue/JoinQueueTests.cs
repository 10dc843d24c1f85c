using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

public class JoinQueueTests
{
    private static readonly OpenCounter[] TwoCounters = [new(1, "Counter 1"), new(2, "Counter 2")];

    [Fact]
    public void First_join_of_the_day_gets_sequence_001_at_the_lowest_counter()
    {
        var joined = QueueDecider.Decide(Join(), Given()).Single<JoinedQueue>();

        Assert.Equal("OPD_001_4821", joined.QueueId);
        Assert.Equal(1, joined.Sequence);
        Assert.Equal(1, joined.CounterId);
        Assert.Equal("Counter 1", joined.CounterName);
        Assert.Equal(Now, joined.JoinedAt);
        Assert.Equal("patient:1", joined.JoinedBy);
    }

    [Fact]
    public void A_join_goes_to_the_counter_with_the_shortest_line()
    {
        var joined = QueueDecider.Decide(Join(counters: TwoCounters), Given(Joined(1, 1))).Single<JoinedQueue>();

        Assert.Equal(2, joined.CounterId);
        Assert.Equal(2, joined.Sequence);
    }

    [Fact]
    public void Counters_on_break_or_busy_take_no_new_patients_and_then_the_pool_does()
    {
        var state = Given(
            new CounterOnBreak("OPD", 1, Now, "operator1"),
            new CounterStatusChanged("OPD", 2, CounterStatus.Busy, Now, "operator2"));

        var joined = QueueDecider.Decide(Join(counters: TwoCounters), state).Single<JoinedQueue>();

        Assert.Null(joined.CounterId);
        Assert.Null(joined.CounterName);
    }

    [Fact]
    public void With_no_counter_within_its_hours_the_service_is_closed()
    {
        var decision = QueueDecider.Decide(Join(counters: []), Given());

        Assert.Equal(RejectionKind.Closed, decision.Rejection?.Kind);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_patient_holds_one_active_ticket_per_service()
    {
        var patient = Guid.NewGuid();
        var state = Given(Joined(1, 1, patient));

        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(Join(patient), state).Rejection?.Kind);
        var called = state.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state));
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(Join(patient), called).Rejection?.Kind);
        var served = called.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), called));
        Assert.Null(QueueDecider.Decide(Join(patient), served).Rejection);
    }

    [Theory]
    [InlineData(7, 0, "OPD_007_0000")]
    [InlineData(1000, 9999, "OPD_1000_9999")]
    public void Ticket_numbers_have_at_least_three_digits_and_four_random_ones(int sequence, int suffix, string expected) =>
        Assert.Equal(expected, QueueDecider.TicketNumber("OPD", sequence, suffix));

    [Fact]
    public void A_suffix_outside_four_digits_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueDecider.Decide(Join(suffix: 10_000), Given()));

    [Fact]
    public void Each_day_of_a_facility_is_one_stream_and_a_services_own_day_stream_of_before_still_parses()
    {
        Assert.Equal("default/2026-11-26", StreamKeys.ForDay("default", Day));
        Assert.NotEqual(StreamKeys.ForDay("default", Day), StreamKeys.ForDay("default", Day.AddDays(1)));
        Assert.NotEqual(StreamKeys.ForDay("default", Day), StreamKeys.ForDay("north", Day));
        Assert.Equal(("default", (string?)null, Day), StreamKeys.TryParse(StreamKeys.ForDay("default", Day)));
        Assert.Equal(("default", (string?)"OPD", Day), StreamKeys.TryParse(StreamKeys.ForServiceDay("default", "OPD", Day)));
        Assert.Null(StreamKeys.TryParse("mt_tombstone"));
    }

    [Fact]
    public void Services_of_one_day_number_their_tickets_each_from_001_and_a_patient_may_hold_one_of_each()
    {
        var patient = Guid.NewGuid();
        var state = Given();
        state = state.Then(QueueDecider.Decide(Join(patient), state));
        var lab = QueueDecider.Decide(Join(patient, [new OpenCounter(4, "Lab 1")], serviceCode: "LAB"), state).Single<JoinedQueue>();
        state = state.Then(QueueDecider.Decide(Join(), state));

        Assert.Equal("LAB_001_4821", lab.QueueId);
        Assert.Equal(4, lab.CounterId);
        Assert.Equal(2, state.Service("OPD").LastSequence);
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(Join(patient), state).Rejection?.Kind);
    }

    /// <summary>Rule 1: numbers are issued once and increase in order of joining; lines stay balanced.</summary>
    [Property(MaxTest = 200)]
    public Property Any_number_of_joins_numbers_every_ticket_once_in_order(PositiveInt joins, PositiveInt counters)
    {
        var open = Enumerable.Range(1, Math.Min(counters.Get, 6)).Select(id => new OpenCounter(id, $"Counter {id}")).ToArray();
        var state = Given();
        var sequences = new List<int>();
        for (var i = 0; i < Math.Min(joins.Get, 300); i++)
        {
            var decision = QueueDecider.Decide(Join(counters: open, suffix: i % 10_000), state);
            sequences.Add(decision.Single<JoinedQueue>().Sequence);
            state = state.Then(decision);
        }

        var lineLengths = open.Select(c => state.LineOf(At(c.Id)).Count()).ToArray();
        var numberedInOrder = sequences.SequenceEqual(Enumerable.Range(1, sequences.Count));
        var balanced = lineLengths.Max() - lineLengths.Min() <= 1;
        return (numberedInOrder && balanced && state.WaitingOf("OPD").Count() == sequences.Count).ToProperty();
    }
}
