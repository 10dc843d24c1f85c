using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace QueueSystem.Display.Live;

/// <summary>
/// Sends live messages to every screen, whichever Display instance it is connected to: SignalR clients
/// through the Redis backplane, plain WebSocket clients through a Redis channel that every instance relays
/// to its own sockets.
/// </summary>
public sealed class LiveBroadcaster(IHubContext<QueueHub> hub, IConnectionMultiplexer redis)
{
    public static readonly RedisChannel SocketChannel = RedisChannel.Literal("qms:live:socket-frames");

    /// <summary>
    /// Sends the messages in their order. The plain sockets' frames travel as one Redis message, so a batch of
    /// events costs each instance one message to read, not one per screen update.
    /// </summary>
    public async Task SendAllAsync(IReadOnlyList<LiveMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        foreach (var message in messages)
        {
            await hub.Clients.Groups(LiveGroups.Everyone, LiveGroups.For(message.ServiceCode)).SendAsync(message.Type, message.Body, cancellationToken);
        }

        var frames = messages.Select(message => new SocketFrame(message.ServiceCode, JsonSerializer.Serialize(message.Body, message.Body.GetType(), LiveJson.Options)));
        await redis.GetSubscriber().PublishAsync(SocketChannel, JsonSerializer.Serialize(frames.ToList()));
    }
}

/// <summary>One live message (a type of API.md's live messages) for the screens of a service.</summary>
public sealed record LiveMessage(string ServiceCode, string Type, object Body);

/// <summary>A text frame for the plain sockets of one service, as carried between instances.</summary>
public sealed record SocketFrame(string ServiceCode, string Json);
