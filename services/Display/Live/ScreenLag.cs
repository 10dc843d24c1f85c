using System.Diagnostics.Metrics;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Live;

/// <summary>
/// How far screens are behind the event store: from an event being stored to its update being sent,
/// and how much of that passed before it reached Display: two metrics for the dashboard, which tell a slow
/// relay or broker from a slow read side. A warning when screen updates are more than a second late: at most
/// one every ten seconds, counting the late ones since the last (a warning per event, in a backlog, would
/// itself load the machine that is behind).
/// </summary>
public sealed class ScreenLag
{
    private readonly Histogram<double> lag;
    private readonly Histogram<double> reached;
    private readonly ILogger<ScreenLag> logger;
    private readonly Lock gate = new();
    private DateTimeOffset lastWarning = DateTimeOffset.MinValue;
    private int lateSinceWarning;

    public ScreenLag(IMeterFactory meters, ILogger<ScreenLag> logger)
    {
        var meter = meters.Create("QueueSystem.Display");
        lag = meter.CreateHistogram<double>("qms.display.lag", "ms", "From an event stored to its screen update sent");
        reached = meter.CreateHistogram<double>("qms.display.relay_lag", "ms", "From an event stored to its reaching Display");
        this.logger = logger;
    }

    public void Record(EventFacts facts, DateTimeOffset received)
    {
        var now = DateTimeOffset.UtcNow;
        var total = (now - facts.StoredAt).TotalMilliseconds;
        var type = new KeyValuePair<string, object?>("type", facts.Type);
        lag.Record(total, type);
        var beforeDisplay = (received - facts.StoredAt).TotalMilliseconds;
        reached.Record(beforeDisplay, type);
        if (total <= 1000)
        {
            return;
        }

        lock (gate)
        {
            lateSinceWarning++;
            if (now - lastWarning < TimeSpan.FromSeconds(10))
            {
                return;
            }

            logger.LogWarning(
                "Screens were {Total:F0} ms behind for {Type} {EventId}: {Before:F0} ms before it reached Display, {Here:F0} ms here ({Late} late updates since the last warning)",
                total, facts.Type, facts.EventId, beforeDisplay, (now - received).TotalMilliseconds, lateSinceWarning);
            lastWarning = now;
            lateSinceWarning = 0;
        }
    }
}
