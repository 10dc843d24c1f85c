using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Notification.Contacts;
using QueueSystem.Notification.Delivery;

namespace QueueSystem.Notification.Consumers;

/// <summary>
/// The Queue relays a day's calls, reminders and transfers in batches. Their first attempt is made together: the phones
/// and delivery records read at once, the claims and outcomes each written at once, the texts sent side by side (a
/// serve_next paid for five round trips to PostgreSQL and a broker hop per text before). A text that cannot be settled
/// that way (its phone not known here yet, a failed send, a repeat already under way) is handed over, in order, to the
/// queue of the consumer that texts it alone, with its own retries and its own place in the error queue. A batch taken
/// again is recognised text by text through the delivery records.
/// </summary>
public sealed class RelayedTextsConsumer(PatientTexts texts, PatientPhones phones, SmsDispatcher dispatcher, IEndpointNameFormatter names)
    : IConsumer<PatientTextsRelayed>
{
    public async Task Consume(ConsumeContext<PatientTextsRelayed> context)
    {
        var pending = context.Message.Events.Select(relayed => relayed.Message)
            .Select(message => (Message: message, Text: texts.Of(message)!))
            .Where(e => e.Text is not null)
            .ToList();
        var known = await phones.KnownAsync([.. pending.Select(e => e.Text.PatientId).Distinct()], context.CancellationToken);
        var handedOver = await dispatcher.DispatchTogetherAsync(
            [.. pending.Where(e => known.ContainsKey(e.Text.PatientId)).Select(e => e.Text.To(known[e.Text.PatientId]))], context.CancellationToken);
        foreach (var (message, text) in pending.Where(e => !known.ContainsKey(e.Text.PatientId) || handedOver.Contains(e.Text.Id)))
        {
            var consumer = message switch
            {
                Called => names.Consumer<CalledConsumer>(),
                TurnApproaching => names.Consumer<TurnApproachingConsumer>(),
                _ => names.Consumer<TransferredConsumer>(),
            };
            var endpoint = await context.GetSendEndpoint(new Uri($"queue:{consumer}"));
            await endpoint.Send(message, message.GetType(), sent => sent.MessageId = text.Id, context.CancellationToken);
        }
    }
}
