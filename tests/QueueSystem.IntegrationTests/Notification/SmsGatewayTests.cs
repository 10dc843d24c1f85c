using System.Net;
using System.Text;
using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Notification.Delivery;
using RabbitMQ.Client;
using static QueueSystem.IntegrationTests.FakeSmsGateway;

namespace QueueSystem.IntegrationTests.Notification;

/// <summary>
/// Text messages through a real HTTP gateway, with real RabbitMQ deliveries: sent once whatever is
/// repeated, retried only when retrying can help, and held back while the gateway is down.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SmsGatewayTests(SystemFixture system)
{
    private static OtpRequested Otp(string phone, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), phone, "123456", DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_message_delivered_twice_is_sent_once()
    {
        await using var gateway = await StartAsync();
        await using var host = new NotificationHost(system, gateway);
        var phone = Gateway.NewPhone();
        var otp = Otp(phone);

        await host.Bus.Publish(otp);
        await host.Bus.Publish(otp);

        await Eventually.Until(() => host.Counted("qms.sms.duplicates") >= 1);
        Assert.Single(gateway.To(phone));
        Assert.Equal(SmsDeliveryStatus.Sent, (await host.DeliveryAsync(otp.MessageId))!.Status);
        Assert.Equal(otp.MessageId, gateway.To(phone)[0].Reference);
        Assert.StartsWith("123456 is your", gateway.To(phone)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_that_fails_and_times_out_then_recovers_gets_the_message_through_once()
    {
        await using var gateway = await StartAsync();
        await using var host = new NotificationHost(system, gateway);
        var phone = Gateway.NewPhone();
        // Three failures use up the first delivery's quick retries; the redelivery a second later succeeds.
        gateway.Script(phone, new Answer(500), new Answer(503), Answer.Hanging(TimeSpan.FromSeconds(5)), Answer.Ok, Answer.Ok);
        var otp = Otp(phone);

        await host.Bus.Publish(otp);

        await Eventually.Until(() => gateway.DeliveredTo(phone).Count == 1, TimeSpan.FromSeconds(30));
        await Eventually.Until(async () => (await host.DeliveryAsync(otp.MessageId))?.Status == SmsDeliveryStatus.Sent);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal([500, 503, 0, 200], gateway.To(phone).Select(r => r.Status));
        Assert.All(gateway.To(phone), attempt => Assert.Equal(otp.MessageId.ToString(), attempt.IdempotencyKey)); // one key for every attempt
        var delivery = (await host.DeliveryAsync(otp.MessageId))!;
        Assert.Equal(2, delivery.Attempts);
        Assert.True(host.Counted("qms.sms.retried") >= 1);
    }

    [Fact]
    public async Task A_refusal_is_not_retried_and_is_recorded_failed_in_the_error_queue()
    {
        await using var gateway = await StartAsync();
        await using var host = new NotificationHost(system, gateway);
        var phone = Gateway.NewPhone();
        gateway.Script(phone, new Answer(400));
        var otp = Otp(phone);

        await host.Bus.Publish(otp);

        await Eventually.Until(async () => (await host.DeliveryAsync(otp.MessageId))?.Status == SmsDeliveryStatus.Failed);
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than every redelivery delay of the host together
        Assert.Single(gateway.To(phone));
        var delivery = (await host.DeliveryAsync(otp.MessageId))!;
        Assert.Contains("400", delivery.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", delivery.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, delivery.MaskedPhone, StringComparison.Ordinal);
        Assert.True(await ErrorQueueHoldsAsync("notification-gateway-test-otp-requested_error", otp.MessageId));
    }

    [Fact]
    public async Task The_circuit_opens_while_the_gateway_is_down_and_closes_when_it_answers_again()
    {
        await using var gateway = await StartAsync();
        await using var host = new NotificationHost(system, gateway, new Dictionary<string, string?>
        {
            ["Sms:Gateway:Retries"] = "0",
            ["Sms:Gateway:BreakMinimumCalls"] = "4",
            ["Sms:Gateway:BreakSamplingSeconds"] = "20",
            ["Sms:Gateway:BreakSeconds"] = "3",
            ["Sms:RedeliverySeconds"] = "1,1,1,1,1,1,1,1,1,1,1,1",
        });
        using var health = host.CreateClient();
        gateway.Default = new Answer(503);
        var phones = Enumerable.Range(0, 6).Select(_ => Gateway.NewPhone()).ToArray();

        foreach (var phone in phones)
        {
            await host.Bus.Publish(Otp(phone));
        }

        await Eventually.Until(async () => await HealthOf(health) == "Degraded");
        using (var degraded = await health.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, degraded.StatusCode); // degraded, still serving
        }

        var callsWhenOpened = gateway.Count;
        await Task.Delay(TimeSpan.FromSeconds(2)); // within the 3 s break: redeliveries fail fast without calling
        Assert.Equal(callsWhenOpened, gateway.Count);

        gateway.Default = Answer.Ok;
        await Eventually.Until(() => phones.All(p => gateway.DeliveredTo(p).Count == 1), TimeSpan.FromSeconds(30));
        await Eventually.Until(async () => await HealthOf(health) == "Healthy");
        Assert.All(phones, p => Assert.Single(gateway.DeliveredTo(p)));
    }

    [Fact]
    public async Task With_a_gateway_configured_there_is_no_development_outbox()
    {
        await using var gateway = await StartAsync();
        await using var host = new NotificationHost(system, gateway);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/dev/sms?phone=%2B919800000000", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<string> HealthOf(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<bool> ErrorQueueHoldsAsync(string queue, Guid messageId)
    {
        var factory = new ConnectionFactory { Uri = new Uri(await system.ConnectionString("messagebus")) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Unacknowledged reads go back to the queue when the channel closes.
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            if (Encoding.UTF8.GetString(message.Body.Span).Contains(messageId.ToString(), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
