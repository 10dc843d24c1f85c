using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Consumers;

/// <summary>
/// Every message of the read side, through one queue: a queue event goes to the read models in batches
/// (<see cref="EventBatcher"/>), then what changed is pushed to screens and phones, each patient's ticket as the Queue
/// decided it; the catalog's counters and a rebuild's marks run alone, between batches. A repeat changes nothing and
/// pushes nothing, so no call is ever announced twice.
/// </summary>
public sealed class QueueEventsConsumer(EventBatcher batcher, ReadModelWriter writer, ILogger<QueueEventsConsumer> logger) : IConsumer<IReadSideMessage>
{
    public Task Consume(ConsumeContext<IReadSideMessage> context)
    {
        if (context.TryGetMessage<QueueEventsRelayed>(out var relayed))
        {
            return ApplyAsync(relayed.Message, context.CancellationToken);
        }

        var rebuildId = RebuildOf(context);
        var rebuildMessageId = rebuildId is null ? (Guid?)null : MessageIdOf(context);
        return ReadSideMessages.Concrete(context) switch
        {
            var message when ReadSideMessages.ChangesOf(message) is { } changes => batcher.ApplyAsync(
                changes.Pending(rebuildId, rebuildMessageId, DateTimeOffset.UtcNow), context.CancellationToken),
            CounterSaved counter => batcher.RunAloneAsync(
                cancellationToken => writer.ApplyCounterAsync(counter, rebuildMessageId, cancellationToken), rebuildId, context.CancellationToken),
            ReadModelsRebuildStarted started => batcher.RunAloneAsync(
                async cancellationToken =>
                {
                    if (await writer.StartRebuildAsync(started, cancellationToken))
                    {
                        logger.LogWarning("Read models emptied for rebuild {RebuildId}; the replay follows", started.RebuildId);
                    }
                },
                null,
                context.CancellationToken),
            // Part of its rebuild like the replayed messages: it waits for the rebuild's start, and finishes it only if they are all in.
            ReadModelsRebuildCompleted completed => batcher.RunAloneAsync(
                async cancellationToken =>
                {
                    await writer.CompleteRebuildAsync(completed, cancellationToken);
                    logger.LogInformation("Rebuild {RebuildId} replayed {Events} events in {Messages} messages", completed.RebuildId, completed.Events, completed.Messages);
                },
                completed.RebuildId,
                context.CancellationToken),
            var other => throw new InvalidOperationException($"The read side has no use for {other.GetType().Name}."),
        };
    }

    /// <summary>
    /// A relayed batch's events, handed to the batcher together and in order (so they land in as few transactions as
    /// possible); done once every one is stored. Events the read side has no use for (reminders) are passed over.
    /// </summary>
    private Task ApplyAsync(QueueEventsRelayed relayed, CancellationToken cancellationToken)
    {
        var received = DateTimeOffset.UtcNow;
        return Task.WhenAll([.. relayed.Events
            .Select(e => ReadSideMessages.ChangesOf(e.Message))
            .OfType<EventChanges>()
            .Select(changes => batcher.ApplyAsync(changes.Pending(null, null, received), cancellationToken))]);
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
