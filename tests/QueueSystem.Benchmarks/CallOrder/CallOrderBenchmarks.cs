using BenchmarkDotNet.Attributes;
using QueueSystem.Benchmarks.Support;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Benchmarks.CallOrder;

/// <summary>
/// The call order of a long line and a position deep in it: every desk, screen and ticket update asks for these,
/// so a position must stay a few index lookups rather than a walk of the line.
/// </summary>
[MemoryDiagnoser]
public class CallOrderBenchmarks
{
    private const int LineLength = 2_000;
    private const int PriorityRun = 2;

    private WaitingLine line = WaitingLine.Empty;
    private LinePlace deepRegular;
    private FacilityDay day = null!;
    private TicketState deepTicket = null!;

    [GlobalSetup]
    public void Setup()
    {
        // One in fifty an emergency, one in five priority, the rest regular, in order of arrival.
        for (var i = 1; i <= LineLength; i++)
        {
            var level = i % 50 == 0 ? CallLevel.Emergency : i % 5 == 0 ? CallLevel.Priority : CallLevel.Regular;
            var place = new LinePlace(i, i, Guid.NewGuid());
            line = line.With(level, place);
            deepRegular = level == CallLevel.Regular ? place : deepRegular;
        }

        day = BusyDay.Build();
        deepTicket = day.LineOf(new LineId("OPD", 1)).Last();
    }

    /// <summary>Priority patients mixed in at most <see cref="PriorityRun"/> in a row, the counter having called one already.</summary>
    [Benchmark]
    public int InCallOrderMixed() => line.InCallOrder(PriorityRun, run: 1).Count();

    /// <summary>A service calling priority patients in order of arrival with everyone else (priorityRun 0).</summary>
    [Benchmark]
    public int InCallOrderByArrival() => line.InCallOrder(priorityRun: 0, run: 0).Count();

    [Benchmark]
    public int? LinePositionOf() => line.PositionOf(CallLevel.Regular, deepRegular, PriorityRun, run: 1);

    /// <summary>The last of an OPD counter's line on the busy day, as a ticket view asks for it.</summary>
    [Benchmark]
    public int? DayPositionOf() => day.PositionOf(deepTicket);
}
