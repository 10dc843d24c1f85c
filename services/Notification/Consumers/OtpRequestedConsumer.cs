using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Notification.Sending;

namespace QueueSystem.Notification.Consumers;

/// <summary>Delivers a one-time code. The code goes into the message body only, never into a log.</summary>
public sealed class OtpRequestedConsumer(ISmsSender sender, TimeProvider clock) : IConsumer<OtpRequested>
{
    public Task Consume(ConsumeContext<OtpRequested> context)
    {
        var request = context.Message;
        var body = $"{request.Code} is your queue verification code. It expires in 5 minutes. Never share it.";
        return sender.SendAsync(new SmsMessage(request.MessageId, request.Phone, body, SmsKind.Otp, clock.GetUtcNow()), context.CancellationToken);
    }
}

public sealed class OtpRequestedConsumerDefinition : ConsumerDefinition<OtpRequestedConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OtpRequestedConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000));
}
