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

/// <summary>"OPD_001_4821, please go to Counter 2", once per call.</summary>
public sealed class CalledConsumer(SmsDispatcher dispatcher, SmsTemplates templates, PatientPhones phones, IOptions<SmsOptions> options) : IConsumer<Called>
{
    public async Task Consume(ConsumeContext<Called> context)
    {
        var call = context.Message;
        var phone = await phones.FindAsync(call.PatientId, context.CancellationToken)
            ?? await dispatcher.RefuseAsync(call.Envelope.EventId, SmsKind.Called, "No phone is known for the patient.", context);
        var body = templates.Render(templates.LanguageOf(call.FacilityId), SmsKind.Called, new Dictionary<string, object> { ["queue_id"] = call.QueueId, ["counter"] = call.CounterName });
        var staleAt = call.At.AddMinutes(options.Value.CallStaleAfterMinutes);
        await dispatcher.DispatchAsync(new SmsMessage(call.Envelope.EventId, phone, body, SmsKind.Called, call.At, staleAt), context);
    }
}

/// <summary>"Almost your turn": the Queue records this once per ticket, the dispatcher sends it once.</summary>
public sealed class TurnApproachingConsumer(SmsDispatcher dispatcher, SmsTemplates templates, PatientPhones phones, IOptions<SmsOptions> options) : IConsumer<TurnApproaching>
{
    public async Task Consume(ConsumeContext<TurnApproaching> context)
    {
        var near = context.Message;
        var phone = await phones.FindAsync(near.PatientId, context.CancellationToken)
            ?? await dispatcher.RefuseAsync(near.Envelope.EventId, SmsKind.Reminder, "No phone is known for the patient.", context);
        var values = new Dictionary<string, object> { ["queue_id"] = near.QueueId, ["counter"] = near.CounterName ?? near.ServiceCode, ["position"] = near.Position };
        var body = templates.Render(templates.LanguageOf(near.FacilityId), SmsKind.Reminder, values);
        var staleAt = near.At.AddMinutes(options.Value.CallStaleAfterMinutes);
        await dispatcher.DispatchAsync(new SmsMessage(near.Envelope.EventId, phone, body, SmsKind.Reminder, near.At, staleAt), context);
    }
}

/// <summary>"OPD_001_4821: please go to Laboratory Tests, you are number 3", once per transfer.</summary>
public sealed class TransferredConsumer(SmsDispatcher dispatcher, SmsTemplates templates, PatientPhones phones, IOptions<SmsOptions> options) : IConsumer<Transferred>
{
    public async Task Consume(ConsumeContext<Transferred> context)
    {
        var transfer = context.Message;
        var phone = await phones.FindAsync(transfer.PatientId, context.CancellationToken)
            ?? await dispatcher.RefuseAsync(transfer.Envelope.EventId, SmsKind.Transferred, "No phone is known for the patient.", context);
        var values = new Dictionary<string, object> { ["queue_id"] = transfer.QueueId, ["service"] = transfer.ServiceName, ["position"] = transfer.Position ?? 1 };
        var body = templates.Render(templates.LanguageOf(transfer.FacilityId), SmsKind.Transferred, values);
        var staleAt = transfer.At.AddMinutes(options.Value.CallStaleAfterMinutes);
        await dispatcher.DispatchAsync(new SmsMessage(transfer.Envelope.EventId, phone, body, SmsKind.Transferred, transfer.At, staleAt), context);
    }
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
