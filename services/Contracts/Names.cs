namespace QueueSystem.Contracts;

// The words the services share, each written once.

/// <summary>A ticket's status in the public contract (<see cref="Ticket.Status"/>).</summary>
public static class TicketStatuses
{
    public const string Waiting = "waiting";
    public const string Called = "called";
    public const string Served = "served";
    public const string Skipped = "skipped";
    public const string Cancelled = "cancelled";
}

/// <summary>A counter's status in the public contract: as staff set it, or closed outside its hours.</summary>
public static class CounterStatuses
{
    public const string Available = "available";
    public const string Busy = "busy";
    public const string Break = "break";
    public const string Closed = "closed";
}

/// <summary>What happened to a ticket or counter, as a ticket's history and the day's reports name it.</summary>
public static class TicketEventTypes
{
    public const string Joined = "joined";
    public const string Called = "called";
    public const string Served = "served";
    public const string Skipped = "skipped";
    public const string Recalled = "recalled";
    public const string Cancelled = "cancelled";
    public const string Reassigned = "reassigned";
    public const string CounterOnBreak = "counter_on_break";
    public const string CounterStatusChanged = "counter_status_changed";
    public const string CategorySet = "category_set";
    public const string WaitedPastTarget = "waited_past_target";
    public const string ServiceRulesSet = "service_rules_set";
    public const string Transferred = "transferred";

    /// <summary>The detail of a call staff made out of turn.</summary>
    public const string OutOfTurn = "out_of_turn";
}

/// <summary>The live messages of the public contract: the plain WebSocket's <c>type</c> and the SignalR hub's method names.</summary>
public static class LiveMessageNames
{
    public const string InitialData = "initial_data";
    public const string QueueUpdate = "queue_update";
    public const string CounterStatusUpdate = "counter_status_update";
    public const string PatientCalled = "patient_called";
    public const string TicketUpdate = "ticket_update";
}

/// <summary>RabbitMQ names that more than one process uses.</summary>
public static class MessageQueues
{
    /// <summary>Display's queue of every queue and catalog event (and its exchange, which MassTransit binds to it).</summary>
    public const string DisplayEvents = "display-queue-events";
}
