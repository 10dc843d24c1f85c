using MassTransit;

namespace QueueSystem.IntegrationTests;

/// <summary>A MassTransit bus on the system's RabbitMQ, to put messages on it as a service would (made up, late, out of order).</summary>
public sealed class TestBroker : IAsyncDisposable
{
    /// <summary>The exchange bound to Display's queue of queue events.</summary>
    public static readonly Uri DisplayQueue = new($"exchange:{QueueSystem.Contracts.MessageQueues.DisplayEvents}");

    private readonly IBusControl bus;

    private TestBroker(IBusControl bus) => this.bus = bus;

    public static async Task<TestBroker> ConnectAsync(SystemFixture system)
    {
        var broker = new Uri(await system.ConnectionString("messagebus"));
        var credentials = broker.UserInfo.Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbitMq => rabbitMq.Host(broker.Host, (ushort)broker.Port, "/", host =>
        {
            host.Username(Uri.UnescapeDataString(credentials[0]));
            host.Password(Uri.UnescapeDataString(credentials[1]));
        }));
        await bus.StartAsync();
        return new TestBroker(bus);
    }

    /// <summary>Publishes each message alone, in turn (Display takes a day's events alone as well as in the relay's batches).</summary>
    public async Task PublishAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await bus.Publish(message, message.GetType());
        }
    }

    /// <summary>Sends each message in turn straight to <paramref name="destination"/>, with <paramref name="headers"/> on each.</summary>
    public async Task SendAsync(Uri destination, IReadOnlyDictionary<string, string> headers, params object[] messages)
    {
        var endpoint = await bus.GetSendEndpoint(destination);
        foreach (var message in messages)
        {
            await endpoint.Send(message, message.GetType(), context =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Headers.Set(name, value);
                }
            });
        }
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
