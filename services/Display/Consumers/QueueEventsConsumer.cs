using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Consumers;

/// <summary>
/// Every queue event, through one queue in the order the Queue service relayed them: each is written to
/// the read models, then what changed is pushed to screens and phones. A repeat changes nothing and
/// pushes nothing, so no call is ever announced twice.
/// </summary>
public sealed class QueueEventsConsumer(ReadModelWriter writer, LivePush push, ScreenLag lag, ILogger<QueueEventsConsumer> logger) :
    IConsumer<JoinedQueue>, IConsumer<Called>, IConsumer<Served>, IConsumer<Skipped>, IConsumer<Recalled>,
    IConsumer<Cancelled>, IConsumer<Reassigned>, IConsumer<CounterOnBreak>, IConsumer<CounterStatusChanged>, IConsumer<CatalogPublished>,
    IConsumer<ReadModelsRebuildStarted>, IConsumer<ReadModelsRebuildCompleted>
{
    /// <summary>Header the Queue service puts on replayed events: they rebuild the tables and push nothing live.</summary>
    private const string ReplayHeader = "qms-replay";

    public Task Consume(ConsumeContext<JoinedQueue> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "joined", e.TicketId, e.CounterId, null, e.JoinedAt, e.JoinedBy);
        var ticket = new TicketChange("waiting", e.CounterId, SetsCounter: true, LineKey: e.Sequence, QueueId: e.QueueId, PatientId: e.PatientId,
            PatientName: e.PatientName, Sequence: e.Sequence, JoinedAt: e.JoinedAt);
        var counter = e.CounterId is { } id ? new CounterChange(id, e.CounterName) : null;
        // The newcomer is last in line: nobody else's place moves.
        return ApplyTicketEventAsync(context, facts, ticket, counter, [e.CounterId], linesMoved: []);
    }

    public Task Consume(ConsumeContext<Called> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "called", e.TicketId, e.CounterId, null, e.At, e.By);
        var ticket = new TicketChange("called", e.CounterId, SetsCounter: true, CalledAt: e.At, QueueId: e.QueueId, PatientId: e.PatientId, PatientName: e.PatientName);
        var counter = new CounterChange(e.CounterId, e.CounterName, Serving: new ServingChange(e.TicketId, Clears: false));
        return ApplyTicketEventAsync(context, facts, ticket, counter, [e.CounterId], announce: e);
    }

    public Task Consume(ConsumeContext<Served> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "served", e.TicketId, e.CounterId, null, e.At, e.By);
        var ticket = new TicketChange("served", e.CounterId, SetsCounter: true, FinishedAt: e.At, SetsFinishedAt: true);
        return ApplyTicketEventAsync(context, facts, ticket, new CounterChange(e.CounterId, Serving: new ServingChange(e.TicketId, Clears: true)), [e.CounterId]);
    }

    public Task Consume(ConsumeContext<Skipped> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "skipped", e.TicketId, e.CounterId, null, e.At, e.By);
        var ticket = new TicketChange("skipped", e.CounterId, SetsCounter: true, FinishedAt: e.At, SetsFinishedAt: true);
        return ApplyTicketEventAsync(context, facts, ticket, new CounterChange(e.CounterId, Serving: new ServingChange(e.TicketId, Clears: true)), [e.CounterId]);
    }

    public Task Consume(ConsumeContext<Recalled> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "recalled", e.TicketId, e.CounterId, null, e.At, e.By);
        // First in line: below every arrival order, and the latest recall first, as the Queue orders them.
        var ticket = new TicketChange("waiting", e.CounterId, SetsCounter: true, LineKey: -e.Envelope.Sequence, SetsFinishedAt: true);
        return ApplyTicketEventAsync(context, facts, ticket, null, [e.CounterId]);
    }

    public async Task Consume(ConsumeContext<Cancelled> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "cancelled", e.TicketId, null, null, e.At, e.By);
        if (await writer.ApplyAsync(facts, new TicketChange("cancelled", FinishedAt: e.At, SetsFinishedAt: true), null, context.CancellationToken))
        {
            await PushAsync(context, () => push.TicketLeftAsync(facts.Day, e.ServiceCode, e.TicketId, context.CancellationToken));
        }
    }

    public Task Consume(ConsumeContext<Reassigned> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "reassigned", e.TicketId, e.ToCounterId, e.Reason, e.At, e.By);
        return ApplyTicketEventAsync(context, facts, new TicketChange("waiting", e.ToCounterId, SetsCounter: true), null, [e.FromCounterId, e.ToCounterId]);
    }

    public async Task Consume(ConsumeContext<CounterOnBreak> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "counter_on_break", null, e.CounterId, "break", e.At, e.By);
        if (await writer.ApplyAsync(facts, null, new CounterChange(e.CounterId, Status: "break"), context.CancellationToken))
        {
            await PushAsync(context, () => push.CounterStatusAsync(e.ServiceCode, e.CounterId, "break", context.CancellationToken));
        }
    }

    public async Task Consume(ConsumeContext<CounterStatusChanged> context)
    {
        var e = context.Message;
        var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, "counter_status_changed", null, e.CounterId, e.Status, e.At, e.By);
        if (await writer.ApplyAsync(facts, null, new CounterChange(e.CounterId, Status: e.Status), context.CancellationToken))
        {
            await PushAsync(context, () => push.CounterStatusAsync(e.ServiceCode, e.CounterId, e.Status, context.CancellationToken));
        }
    }

    public Task Consume(ConsumeContext<CatalogPublished> context) => writer.ApplyCatalogAsync(context.Message, context.CancellationToken);

    public async Task Consume(ConsumeContext<ReadModelsRebuildStarted> context)
    {
        await writer.StartRebuildAsync(context.Message, context.CancellationToken);
        logger.LogWarning("Read models emptied for rebuild {RebuildId}; the replay follows", context.Message.RebuildId);
    }

    public async Task Consume(ConsumeContext<ReadModelsRebuildCompleted> context)
    {
        await writer.CompleteRebuildAsync(context.Message, context.CancellationToken);
        logger.LogInformation("Read models rebuilt ({RebuildId}, {Events} events)", context.Message.RebuildId, context.Message.Events);
    }

    /// <summary>
    /// Applies a ticket's event; if it is new, announces a call, then updates the counters' lines on the screens
    /// and the tickets of the patients in the lines that moved (by default, those of the counters).
    /// </summary>
    private async Task ApplyTicketEventAsync(
        ConsumeContext context, EventFacts facts, TicketChange ticket, CounterChange? counter, int?[] counters, Called? announce = null, int?[]? linesMoved = null)
    {
        var cancellationToken = context.CancellationToken;
        var received = DateTimeOffset.UtcNow;
        if (!await writer.ApplyAsync(facts, ticket, counter, cancellationToken))
        {
            return;
        }

        if (announce is not null)
        {
            // The announcement first: it is what the hall is waiting for.
            await PushAsync(context, () => push.CalledAsync(announce, cancellationToken));
        }

        if (context.Headers.Get<bool>(ReplayHeader) != true)
        {
            lag.Record(facts, received);
        }

        await PushAsync(context, () => push.CountersAsync(facts.ServiceCode, counters, cancellationToken));
        await PushAsync(context, () => push.TicketsAsync(facts.Day, facts.ServiceCode, facts.TicketId!.Value, linesMoved ?? counters, cancellationToken));
    }

    /// <summary>
    /// The event is stored by now: a push that fails is logged, not retried (a redelivery would find the
    /// event applied and push nothing). Screens that missed it are set right by their next initial data.
    /// A replayed event (a rebuild) pushes nothing: old calls must never be announced again.
    /// </summary>
    private async Task PushAsync(ConsumeContext context, Func<Task> send)
    {
        if (context.Headers.Get<bool>(ReplayHeader) == true)
        {
            return;
        }

        try
        {
            await send();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "A live update could not be pushed");
        }
    }
}

/// <summary>One consumer at a time, in relay order, across all Display instances: screens never see an older state after a newer one.</summary>
public sealed class QueueEventsConsumerDefinition : ConsumerDefinition<QueueEventsConsumer>
{
    public QueueEventsConsumerDefinition()
    {
        EndpointName = "display-queue-events";
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QueueEventsConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 5000));
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbitMq)
        {
            rabbitMq.SingleActiveConsumer = true;
        }
    }
}
