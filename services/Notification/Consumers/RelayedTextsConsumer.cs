using MassTransit;
using QueueSystem.Contracts;

namespace QueueSystem.Notification.Consumers;

/// <summary>
/// The Queue relays a day's calls, reminders and transfers in batches; a text is sent one event at a time, each with its
/// own retries and its own place in the error queue. So each is passed on, in order, to the queue of the consumer that
/// texts it. A batch taken again passes them on again, and the dispatcher recognises each repeat by its event id.
/// </summary>
public sealed class RelayedTextsConsumer(IEndpointNameFormatter names) : IConsumer<PatientTextsRelayed>
{
    public async Task Consume(ConsumeContext<PatientTextsRelayed> context)
    {
        foreach (var relayed in context.Message.Events)
        {
            var (consumer, envelope) = relayed.Message switch
            {
                Called e => (names.Consumer<CalledConsumer>(), e.Envelope),
                TurnApproaching e => (names.Consumer<TurnApproachingConsumer>(), e.Envelope),
                Transferred e => (names.Consumer<TransferredConsumer>(), e.Envelope),
                _ => (null, null),
            };
            if (consumer is not null)
            {
                var endpoint = await context.GetSendEndpoint(new Uri($"queue:{consumer}"));
                await endpoint.Send(relayed.Message, relayed.Message.GetType(), sent => sent.MessageId = envelope!.EventId, context.CancellationToken);
            }
        }
    }
}
