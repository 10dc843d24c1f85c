using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Consumers;

/// <summary>A ticket was taken: record it and push the counter's new line length to every screen.</summary>
public sealed class JoinedQueueConsumer(DisplayStore store, BoardQueries boards, LiveBroadcaster live) : IConsumer<JoinedQueue>
{
    public async Task Consume(ConsumeContext<JoinedQueue> context)
    {
        var joined = context.Message;
        await store.ApplyAsync(joined, context.CancellationToken);
        if (joined.CounterId is { } counterId && await boards.CounterAsync(counterId, context.CancellationToken) is { } counter)
        {
            await live.SendAsync(
                joined.ServiceCode,
                "queue_update",
                new QueueUpdate(counter.CounterId, counter.ServingPatient, counter.QueueLength),
                context.CancellationToken);
        }
    }
}

/// <summary>One consumer at a time, in order: screens must never see an older state after a newer one.</summary>
public sealed class JoinedQueueConsumerDefinition : ConsumerDefinition<JoinedQueueConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<JoinedQueueConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 5000));
        endpointConfigurator.ConcurrentMessageLimit = 1;
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbitMq)
        {
            rabbitMq.SingleActiveConsumer = true;
        }
    }
}
