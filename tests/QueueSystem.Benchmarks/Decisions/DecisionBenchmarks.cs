using BenchmarkDotNet.Attributes;
using QueueSystem.Benchmarks.Support;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Benchmarks.Decisions;

/// <summary>
/// A command decided on a day already holding 5,000 tickets: what every join and call costs under the day's lock,
/// which must stay a few lookups however busy the day (a walk of the waiting patients would show here first).
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private FacilityDay day = null!;
    private JoinQueue join = null!;
    private CallNext callNext = null!;
    private IReadOnlyList<object> joined = [];

    [GlobalSetup]
    public void Setup()
    {
        day = BusyDay.Build();
        join = BusyDay.Join("OPD", BusyDay.Now, category: null, suffix: 4821);
        // Counter 2 is serving someone: the call finishes them, then calls the next.
        callNext = new CallNext("OPD", 2, BusyDay.Rules, BusyDay.Now, "staff");
        joined = QueueDecider.Decide(join, day).Events;
    }

    [Benchmark]
    public Decision DecideJoin() => QueueDecider.Decide(join, day);

    [Benchmark]
    public Decision DecideCallNext() => QueueDecider.Decide(callNext, day);

    /// <summary>The join's events folded into the day, as the stream's aggregate is after every append.</summary>
    [Benchmark]
    public FacilityDay FoldJoin() => joined.Aggregate(day, QueueDecider.Evolve);
}
