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

    /// <summary>A category's level as the contract words it (a category is never regular).</summary>
    public static string Name(this CallLevel level) => level switch
    {
        CallLevel.Emergency => "emergency",
        CallLevel.Priority => "priority",
        _ => "regular",
    };

    /// <summary>The level a category may have, named (any case); null for any other text.</summary>
    public static CallLevel? CategoryLevelNamed(string? name) => name?.ToLowerInvariant() switch
    {
        "emergency" => CallLevel.Emergency,
        "priority" => CallLevel.Priority,
        _ => null,
    };
}
