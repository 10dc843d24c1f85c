using QueueSystem.Display.Reports;

namespace QueueSystem.UnitTests.Display;

public class DailyReportTests
{
    private static readonly DateOnly Day = new(2026, 11, 27);
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid(), E = Guid.NewGuid();

    /// <summary>
    /// Counter 1 serves A (09:30–09:40) and C (09:40–09:50), then takes a break 09:55–10:15. Counter 2 calls
    /// B, who does not come (skipped 09:45), then serves D (09:45–10:05). E joins at 10:10 and leaves.
    /// </summary>
    private static readonly HistoryEvent[] ScriptedDay =
    [
        Event(1, "joined", A, 1, "09:00"), Event(2, "joined", B, 2, "09:05"), Event(3, "joined", C, 1, "09:10"), Event(4, "joined", D, 2, "09:20"),
        Event(5, "called", A, 1, "09:30"), Event(6, "called", B, 2, "09:35"),
        Event(7, "served", A, 1, "09:40"), Event(8, "called", C, 1, "09:40"),
        Event(9, "skipped", B, 2, "09:45"), Event(10, "called", D, 2, "09:45"),
        Event(11, "served", C, 1, "09:50"), Event(12, "counter_on_break", null, 1, "09:55"),
        Event(13, "served", D, 2, "10:05"), Event(14, "joined", E, 1, "10:10"), Event(15, "counter_status_changed", null, 1, "10:15"),
        Event(16, "cancelled", E, null, "10:20"),
    ];

    private static HistoryEvent Event(long version, string type, Guid? ticket, int? counter, string time) =>
        new("OPD", version, type, ticket, counter, new DateTimeOffset(Day.ToDateTime(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.Zero));

    [Fact]
    public void The_kpis_of_a_scripted_day_are_the_ones_counted_by_hand()
    {
        var report = DailyReport.Compute(Day, null, 28, ScriptedDay, TimeZoneInfo.Utc);

        // Waits 30, 30, 30, 25 (three above 28); service times 10, 10, 20; one no-show of four called.
        Assert.Equal(new ServiceFigures("OPD", Joined: 5, Called: 4, Served: 3, NoShows: 1, Cancelled: 1, NoShowRate: 0.25, AverageWaitMinutes: 28.75, ShareOfWaitsAboveTarget: 0.75, AverageServiceMinutes: 13.33), Assert.Single(report.Services));
        Assert.Equal(
            [new CounterFigures(1, "OPD", Served: 2, AverageServiceMinutes: 10, IdleMinutes: 5), new CounterFigures(2, "OPD", Served: 1, AverageServiceMinutes: 20, IdleMinutes: 0)],
            report.Counters);
        Assert.Equal(
            [new HourFigures("OPD", 9, Joined: 4, Served: 2, AverageWaitMinutes: 28.75, ShareOfWaitsAboveTarget: 0.75), new HourFigures("OPD", 10, Joined: 1, Served: 1, AverageWaitMinutes: null, ShareOfWaitsAboveTarget: null)],
            report.Hours);
    }

    [Fact]
    public void The_order_the_history_is_read_in_does_not_change_the_figures()
    {
        var inOrder = DailyReport.Compute(Day, null, 28, ScriptedDay, TimeZoneInfo.Utc);
        var shuffled = DailyReport.Compute(Day, null, 28, ScriptedDay.Reverse(), TimeZoneInfo.Utc);

        Assert.Equal(inOrder.Services, shuffled.Services);
        Assert.Equal(inOrder.Counters, shuffled.Counters);
        Assert.Equal(inOrder.Hours, shuffled.Hours);
    }

    [Fact]
    public void Hours_are_the_facility_s_local_hours()
    {
        var report = DailyReport.Compute(Day, null, 28, ScriptedDay, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

        Assert.Equal([14, 15], report.Hours.Select(h => h.Hour)); // 09:00 UTC is 14:30 in India
    }
}
