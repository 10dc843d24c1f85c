using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace QueueSystem.Display.Live;

/// <summary>
/// Sends a live message to every screen, whichever Display instance it is connected to: SignalR
/// clients through the Redis backplane, plain WebSocket clients through a Redis channel that every
/// instance relays to its own sockets.
/// </summary>
public sealed class LiveBroadcaster(IHubContext<QueueHub> hub, IConnectionMultiplexer redis)
{
    public static readonly RedisChannel SocketChannel = RedisChannel.Literal("qms:live:sockets");

    public async Task SendAsync(string serviceCode, string type, object message, CancellationToken cancellationToken)
    {
        await hub.Clients.Groups(LiveGroups.Everyone, LiveGroups.For(serviceCode)).SendAsync(type, message, cancellationToken);
        var frame = new SocketFrame(serviceCode, JsonSerializer.Serialize(message, message.GetType(), LiveJson.Options));
        await redis.GetSubscriber().PublishAsync(SocketChannel, JsonSerializer.Serialize(frame));
    }
}

/// <summary>A text frame for the plain sockets of one service, as carried between instances.</summary>
public sealed record SocketFrame(string ServiceCode, string Json);
