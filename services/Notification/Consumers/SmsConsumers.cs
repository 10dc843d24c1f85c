using MassTransit;
using Microsoft.Extensions.Options;
using QueueSystem.Contracts;
using QueueSystem.Notification.Contacts;
using QueueSystem.Notification.Delivery;
using QueueSystem.Notification.Sending;
using QueueSystem.Notification.Templates;

namespace QueueSystem.Notification.Consumers;

/// <summary>Delivers a one-time code. The code goes into the message body only, never into a log.</summary>
public sealed class OtpRequestedConsumer(SmsDispatcher dispatcher, SmsTemplates templates) : IConsumer<OtpRequested>
{
    public Task Consume(ConsumeContext<OtpRequested> context)
    {
        var request = context.Message;
        var minutes = (int)Math.Ceiling((request.ExpiresAt - request.RequestedAt).TotalMinutes);
        var body = templates.Render(templates.LanguageOf(null), SmsKind.Otp, new Dictionary<string, object> { ["code"] = request.Code, ["minutes"] = minutes });
        return dispatcher.DispatchAsync(new SmsMessage(request.MessageId, request.Phone, body, SmsKind.Otp, request.RequestedAt, request.ExpiresAt), context);
    }
}

/// <summary>
/// A text about a patient's ticket taken one at a time, with its own retries: the relayed batch hands over here each
/// text it could not send at its first try (no phone known yet, a gateway failure, a repeat already under way).
/// </summary>
public abstract class PatientTextConsumer<TEvent>(SmsDispatcher dispatcher, PatientTexts texts, PatientPhones phones) : IConsumer<TEvent>
    where TEvent : class
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var text = texts.Of(context.Message)!;
        var phone = await phones.FindAsync(text.PatientId, context.CancellationToken)
            ?? await dispatcher.RefuseAsync(text.Id, text.Kind, "No phone is known for the patient.", context);
        await dispatcher.DispatchAsync(text.To(phone), context);
    }
}

/// <summary>"OPD_001_4821, please go to Counter 2", once per call.</summary>
public sealed class CalledConsumer(SmsDispatcher dispatcher, PatientTexts texts, PatientPhones phones) : PatientTextConsumer<Called>(dispatcher, texts, phones);

/// <summary>"Almost your turn": the Queue records this once per ticket, the dispatcher sends it once.</summary>
public sealed class TurnApproachingConsumer(SmsDispatcher dispatcher, PatientTexts texts, PatientPhones phones) : PatientTextConsumer<TurnApproaching>(dispatcher, texts, phones);

/// <summary>"OPD_001_4821: please go to Laboratory Tests, you are number 3", once per transfer.</summary>
public sealed class TransferredConsumer(SmsDispatcher dispatcher, PatientTexts texts, PatientPhones phones) : PatientTextConsumer<Transferred>(dispatcher, texts, phones);

/// <summary>A text about a ticket before the patient's phone is looked up, named by the event it answers.</summary>
public sealed record PatientText(Guid Id, Guid PatientId, string Kind, string Body, DateTimeOffset At, DateTimeOffset StaleAt)
{
    public SmsMessage To(string phone) => new(Id, phone, Body, Kind, At, StaleAt);
}

/// <summary>What a call, a reminder or a transfer says to the patient, in the facility's language.</summary>
public sealed class PatientTexts(SmsTemplates templates, IOptions<SmsOptions> options)
{
    /// <summary>The text an event sends; null for an event no patient is texted about.</summary>
    public PatientText? Of(object @event) => @event switch
    {
        Called call => Text(call.Envelope, call.PatientId, call.FacilityId, SmsKind.Called, call.At,
            new() { ["queue_id"] = call.QueueId, ["counter"] = call.CounterName }),
        TurnApproaching near => Text(near.Envelope, near.PatientId, near.FacilityId, SmsKind.Reminder, near.At,
            new() { ["queue_id"] = near.QueueId, ["counter"] = near.CounterName ?? near.ServiceCode, ["position"] = near.Position }),
        Transferred transfer => Text(transfer.Envelope, transfer.PatientId, transfer.FacilityId, SmsKind.Transferred, transfer.At,
            new() { ["queue_id"] = transfer.QueueId, ["service"] = transfer.ServiceName, ["position"] = transfer.Position ?? 1 }),
        _ => null,
    };

    private PatientText Text(EventEnvelope envelope, Guid patientId, string facilityId, string kind, DateTimeOffset at, Dictionary<string, object> values) =>
        new(envelope.EventId, patientId, kind, templates.Render(templates.LanguageOf(facilityId), kind, values), at, at.AddMinutes(options.Value.CallStaleAfterMinutes));
}

/// <summary>
/// Failed attempts come back after growing delays (the message stays unacknowledged in RabbitMQ
/// meanwhile); a refusal for good goes straight to the error queue.
/// </summary>
public sealed class SmsConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly IOptions<SmsOptions> options;

    public SmsConsumerDefinition(IOptions<SmsOptions> options)
    {
        this.options = options;
        // Messages waiting for a later attempt hold a slot each: enough slots that one bad message never stalls the rest.
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Intervals(options.Value.RedeliveryDelays);
            retry.Ignore<SmsRejectedException>();
        });
}
