using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Consumers;

/// <summary>
/// Every queue event, through one queue, to the read models in batches (<see cref="EventBatcher"/>), then what
/// changed is pushed to screens and phones: each patient's ticket as the Queue decided it (the event's Tickets). A repeat changes nothing and pushes nothing, so no call is ever
/// announced twice. Rows are guarded by each event's global sequence, so the order within a batch does not matter.
/// </summary>
public sealed class QueueEventsConsumer(EventBatcher batcher, ReadModelWriter writer, ILogger<QueueEventsConsumer> logger) :
    IConsumer<JoinedQueue>, IConsumer<Called>, IConsumer<Served>, IConsumer<Skipped>, IConsumer<Recalled>,
    IConsumer<Cancelled>, IConsumer<Reassigned>, IConsumer<CounterOnBreak>, IConsumer<CounterStatusChanged>, IConsumer<CounterSaved>,
    IConsumer<ReadModelsRebuildStarted>, IConsumer<ReadModelsRebuildCompleted>
{
    public Task Consume(ConsumeContext<JoinedQueue> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Joined, e.TicketId, e.CounterId, null, e.JoinedAt, e.JoinedBy);
        var ticket = new TicketChange(TicketStatuses.Waiting, e.CounterId, SetsCounter: true, QueueId: e.QueueId, PatientId: e.PatientId,
            PatientName: e.PatientName, Sequence: e.Sequence, JoinedAt: e.JoinedAt);
        var counter = e.CounterId is { } id ? new CounterChange(id, e.CounterName) : null;
        return ApplyAsync(context, facts, ticket, counter, new LiveChange(facts, [e.CounterId], e.Tickets));
    }

    public Task Consume(ConsumeContext<Called> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Called, e.TicketId, e.CounterId, null, e.At, e.By);
        var ticket = new TicketChange(TicketStatuses.Called, e.CounterId, SetsCounter: true, CalledAt: e.At, QueueId: e.QueueId, PatientId: e.PatientId, PatientName: e.PatientName);
        var counter = new CounterChange(e.CounterId, e.CounterName, Serving: new ServingChange(e.TicketId, Clears: false));
        return ApplyAsync(context, facts, ticket, counter, new LiveChange(facts, [e.CounterId], e.Tickets, Announce: e));
    }

    public Task Consume(ConsumeContext<Served> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Served, e.TicketId, e.CounterId, null, e.At, e.By);
        var ticket = new TicketChange(TicketStatuses.Served, e.CounterId, SetsCounter: true, FinishedAt: e.At, SetsFinishedAt: true);
        var counter = new CounterChange(e.CounterId, Serving: new ServingChange(e.TicketId, Clears: true));
        return ApplyAsync(context, facts, ticket, counter, new LiveChange(facts, [e.CounterId], e.Tickets));
    }

    public Task Consume(ConsumeContext<Skipped> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Skipped, e.TicketId, e.CounterId, null, e.At, e.By);
        var ticket = new TicketChange(TicketStatuses.Skipped, e.CounterId, SetsCounter: true, FinishedAt: e.At, SetsFinishedAt: true);
        var counter = new CounterChange(e.CounterId, Serving: new ServingChange(e.TicketId, Clears: true));
        return ApplyAsync(context, facts, ticket, counter, new LiveChange(facts, [e.CounterId], e.Tickets));
    }

    public Task Consume(ConsumeContext<Recalled> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Recalled, e.TicketId, e.CounterId, null, e.At, e.By);
        var ticket = new TicketChange(TicketStatuses.Waiting, e.CounterId, SetsCounter: true, SetsFinishedAt: true);
        return ApplyAsync(context, facts, ticket, null, new LiveChange(facts, [e.CounterId], e.Tickets));
    }

    public Task Consume(ConsumeContext<Cancelled> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Cancelled, e.TicketId, null, null, e.At, e.By);
        var ticket = new TicketChange(TicketStatuses.Cancelled, FinishedAt: e.At, SetsFinishedAt: true);
        return ApplyAsync(context, facts, ticket, null, new LiveChange(facts, [], e.Tickets, TicketLeft: true));
    }

    public Task Consume(ConsumeContext<Reassigned> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Reassigned, e.TicketId, e.ToCounterId, e.Reason, e.At, e.By);
        var ticket = new TicketChange(TicketStatuses.Waiting, e.ToCounterId, SetsCounter: true);
        return ApplyAsync(context, facts, ticket, null, new LiveChange(facts, [e.FromCounterId, e.ToCounterId], e.Tickets));
    }

    public Task Consume(ConsumeContext<CounterOnBreak> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.CounterOnBreak, null, e.CounterId, CounterStatuses.Break, e.At, e.By);
        return ApplyAsync(context, facts, null, new CounterChange(e.CounterId, Status: CounterStatuses.Break), new LiveChange(facts, [e.CounterId], [], Status: CounterStatuses.Break));
    }

    public Task Consume(ConsumeContext<CounterStatusChanged> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.CounterStatusChanged, null, e.CounterId, e.Status, e.At, e.By);
        return ApplyAsync(context, facts, null, new CounterChange(e.CounterId, Status: e.Status), new LiveChange(facts, [e.CounterId], [], Status: e.Status));
    }

    public Task Consume(ConsumeContext<CounterSaved> context)
    {
        var rebuildId = RebuildOf(context);
        var rebuildMessageId = rebuildId is null ? (Guid?)null : MessageIdOf(context);
        return batcher.RunAloneAsync(
            cancellationToken => writer.ApplyCounterAsync(context.Message, rebuildMessageId, cancellationToken), rebuildId, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<ReadModelsRebuildStarted> context)
    {
        var started = false;
        await batcher.RunAloneAsync(async cancellationToken => started = await writer.StartRebuildAsync(context.Message, cancellationToken), null, context.CancellationToken);
        if (started)
        {
            logger.LogWarning("Read models emptied for rebuild {RebuildId}; the replay follows", context.Message.RebuildId);
        }
    }

    // Part of its rebuild like the replayed messages: it waits for the rebuild's start, and finishes it only if they are all in.
    public async Task Consume(ConsumeContext<ReadModelsRebuildCompleted> context)
    {
        var completed = context.Message;
        await batcher.RunAloneAsync(cancellationToken => writer.CompleteRebuildAsync(completed, cancellationToken), completed.RebuildId, context.CancellationToken);
        logger.LogInformation("Rebuild {RebuildId} replayed {Events} events in {Messages} messages", completed.RebuildId, completed.Events, completed.Messages);
    }

    private Task ApplyAsync(ConsumeContext context, EventFacts facts, TicketChange? ticket, CounterChange? counter, LiveChange live)
    {
        var rebuildId = RebuildOf(context);
        var rows = new RowChanges(facts, ticket, counter, rebuildId is null ? null : MessageIdOf(context));
        return batcher.ApplyAsync(new PendingEvent(rows, live, rebuildId, DateTimeOffset.UtcNow), context.CancellationToken);
    }

    private static Guid? RebuildOf(ConsumeContext context) =>
        Guid.TryParse(context.Headers.Get<string>(RebuildHeaders.RebuildId), out var rebuildId) ? rebuildId : null;

    // A rebuild counts its messages by id; MassTransit gives every message one, and a redelivery keeps it.
    private static Guid MessageIdOf(ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("A replayed message without a message id cannot be counted.");
}

/// <summary>One Display instance consumes at a time (its batches are pushed in order): screens never see an older state after a newer one.</summary>
public sealed class QueueEventsConsumerDefinition : ConsumerDefinition<QueueEventsConsumer>
{
    public QueueEventsConsumerDefinition()
    {
        EndpointName = MessageQueues.DisplayEvents;
        // Many in flight at once, so that the events arriving while a batch is written form the next one.
        ConcurrentMessageLimit = EventBatcher.MaxBatch;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QueueEventsConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Long enough to outlast a MariaDB restart or outage of some minutes: the events wait, in order,
        // and the read side catches up when it is back (an error queue would lose them for the screens).
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(40, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500)));
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbitMq)
        {
            rabbitMq.SingleActiveConsumer = true;
        }
    }
}
