using System.Diagnostics.Metrics;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QueueSystem.Notification.Delivery;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// The Notification service in this process, sending through a <see cref="FakeSmsGateway"/>, against the
/// running system's real RabbitMQ and PostgreSQL. It has its own queues (every message reaches it as
/// well as the system's own Notification service) and its own database, so their records never meet.
/// </summary>
public sealed class NotificationHost(SystemFixture system, FakeSmsGateway gateway, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<SmsDispatcher>
{
    private readonly MeterListener listener = new();
    private readonly Dictionary<string, long> counts = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var database = new NpgsqlConnectionStringBuilder(system.ConnectionString("notificationdb").GetAwaiter().GetResult()) { Database = "notification_gateway_test" };
        builder.UseRunningSystem(system);
        builder.UseSetting("ConnectionStrings:notificationdb", database.ConnectionString);
        builder.UseSetting("Messaging:EndpointPrefix", "notification-gateway-test");
        builder.UseSetting("Sms:Gateway:Url", gateway.Url.ToString());
        builder.UseSetting("Sms:Gateway:AttemptTimeoutSeconds", "1");
        builder.UseSetting("Sms:Gateway:Retries", "2");
        builder.UseSetting("Sms:Gateway:RetryDelaySeconds", "0.05");
        builder.UseSetting("Sms:Gateway:BreakMinimumCalls", "50");
        builder.UseSetting("Sms:RedeliverySeconds", "1,1,1");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SmsMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counts)
            {
                counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
    }

    public IBus Bus => Services.GetRequiredService<IBus>();

    /// <summary>How many times a metric of the host counted, e.g. <c>qms.sms.duplicates</c>.</summary>
    public long Counted(string metric)
    {
        lock (counts)
        {
            return counts.GetValueOrDefault(metric);
        }
    }

    public async Task<SmsDelivery?> DeliveryAsync(Guid messageId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<SmsDelivery>(messageId);
    }

    protected override void Dispose(bool disposing)
    {
        listener.Dispose();
        base.Dispose(disposing);
    }
}
