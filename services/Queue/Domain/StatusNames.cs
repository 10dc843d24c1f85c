using QueueSystem.Contracts;

namespace QueueSystem.Queue.Domain;

/// <summary>The domain's statuses as the public contract words them.</summary>
public static class StatusNames
{
    public static string Name(this TicketStatus status) => status switch
    {
        TicketStatus.Waiting => TicketStatuses.Waiting,
        TicketStatus.Called => TicketStatuses.Called,
        TicketStatus.Served => TicketStatuses.Served,
        TicketStatus.Skipped => TicketStatuses.Skipped,
        TicketStatus.Cancelled => TicketStatuses.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Name(this CounterStatus status) => status switch
    {
        CounterStatus.Available => CounterStatuses.Available,
        CounterStatus.Busy => CounterStatuses.Busy,
        CounterStatus.Break => CounterStatuses.Break,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The counter status a name stands for (any case), or null for any other text.</summary>
    public static CounterStatus? CounterStatusNamed(string? name) => name?.ToLowerInvariant() switch
    {
        CounterStatuses.Available => CounterStatus.Available,
        CounterStatuses.Busy => CounterStatus.Busy,
        CounterStatuses.Break => CounterStatus.Break,
        _ => null,
    };
}
