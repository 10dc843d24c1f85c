using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QueueSystem.Queue.Domain;

namespace QueueSystem.UnitTests.Queue;

public class JoinQueueTests
{
    private static readonly DateOnly Day = new(2026, 11, 26);
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(5.5));
    private static readonly OpenCounter[] TwoCounters = [new(1, "Counter 1"), new(2, "Counter 2")];

    private static JoinQueue Join(int suffix = 4821, IReadOnlyList<OpenCounter>? counters = null) =>
        new(Guid.NewGuid(), "default", "OPD", Day, Guid.NewGuid(), "Asha Rao", "patient:1", Now, suffix, counters ?? TwoCounters);

    private static QueueDay Apply(QueueDay state, JoinQueue command)
    {
        var joined = QueueDecider.Decide(command, state);
        return QueueDecider.Evolve(state, joined);
    }

    [Fact]
    public void First_join_of_the_day_gets_sequence_001_at_the_lowest_counter()
    {
        var joined = QueueDecider.Decide(Join(), QueueDay.Empty("default/OPD/2026-11-26"));

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
        var state = Apply(QueueDay.Empty("s"), Join()); // counter 1 has one patient

        var joined = QueueDecider.Decide(Join(), state);

        Assert.Equal(2, joined.CounterId);
        Assert.Equal(2, joined.Sequence);
    }

    [Fact]
    public void With_no_open_counter_the_ticket_waits_in_the_service_pool()
    {
        var joined = QueueDecider.Decide(Join(counters: []), QueueDay.Empty("s"));

        Assert.Null(joined.CounterId);
        Assert.Null(joined.CounterName);
    }

    [Theory]
    [InlineData(7, 0, "OPD_007_0000")]
    [InlineData(1000, 9999, "OPD_1000_9999")]
    public void Ticket_numbers_have_at_least_three_digits_and_four_random_ones(int sequence, int suffix, string expected) =>
        Assert.Equal(expected, QueueDecider.TicketNumber("OPD", sequence, suffix));

    [Fact]
    public void A_suffix_outside_four_digits_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueDecider.Decide(Join(suffix: 10_000), QueueDay.Empty("s")));

    /// <summary>Rule 1: numbers are issued once and increase in order of joining; lines stay balanced.</summary>
    [Property(MaxTest = 200)]
    public Property Any_number_of_joins_numbers_every_ticket_once_in_order(PositiveInt joins, PositiveInt counters)
    {
        var open = Enumerable.Range(1, Math.Min(counters.Get, 6)).Select(id => new OpenCounter(id, $"Counter {id}")).ToArray();
        var state = QueueDay.Empty("s");
        var sequences = new List<int>();
        for (var i = 0; i < Math.Min(joins.Get, 300); i++)
        {
            var joined = QueueDecider.Decide(Join(suffix: i % 10_000, counters: open), state);
            sequences.Add(joined.Sequence);
            state = QueueDecider.Evolve(state, joined);
        }

        var lineLengths = open.Select(c => state.LineOf(c.Id).Count()).ToArray();
        var numberedInOrder = sequences.SequenceEqual(Enumerable.Range(1, sequences.Count));
        var balanced = lineLengths.Max() - lineLengths.Min() <= 1;
        return (numberedInOrder && balanced && state.Waiting.Count == sequences.Count).ToProperty();
    }
}
