using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace QueueSystem.Display.Live;

/// <summary>The plain WebSocket clients connected to this instance.</summary>
public sealed class SocketHub(ILogger<SocketHub> logger)
{
    /// <summary>Frames a slow client may fall behind by before it is dropped; its reconnect brings fresh initial data.</summary>
    private const int MaxPendingFrames = 256;

    private readonly ConcurrentDictionary<Guid, Client> clients = new();

    public int Count => clients.Count;

    /// <summary>Serves one socket until it closes: initial data first, then every frame of its service filter.</summary>
    public async Task ServeAsync(WebSocket socket, string? serviceFilter, Func<CancellationToken, Task<string>> initialData, CancellationToken cancellationToken)
    {
        var client = new Client(socket, serviceFilter);
        var id = Guid.NewGuid();
        // Registered before the initial data is read, so nothing published meanwhile is missed.
        clients[id] = client;
        try
        {
            var initial = await initialData(cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sending = client.SendLoopAsync(initial, stop.Token);
            await DrainIncomingAsync(socket, stop.Token);
            await stop.CancelAsync();
            await sending;
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug(exception, "Display socket closed");
        }
        catch (Exception exception) when (socket.State == WebSocketState.Open)
        {
            // The read models could not be read: say so and let the client reconnect for a fresh start.
            logger.LogError(exception, "Display socket failed");
            await socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "try again", CancellationToken.None);
        }
        finally
        {
            clients.TryRemove(id, out _);
        }
    }

    public void Broadcast(SocketFrame frame)
    {
        foreach (var client in clients.Values)
        {
            if (client.ServiceFilter is null || client.ServiceFilter == frame.ServiceCode)
            {
                client.Enqueue(frame.Json);
            }
        }
    }

    /// <summary>Asks every client to reconnect (close status 1012, service restart): each then starts again from initial data.</summary>
    public void SendAllAway()
    {
        foreach (var client in clients.Values)
        {
            client.SendAway();
        }
    }

    /// <summary>The socket is read-only: incoming frames are discarded until the client closes.</summary>
    private static async Task DrainIncomingAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        while (socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }
        }
    }

    private sealed class Client(WebSocket socket, string? serviceFilter)
    {
        /// <summary>Queued after the frames already pending (no real frame is empty): close the socket so the client reconnects.</summary>
        private const string Reconnect = "";

        private readonly Channel<string> pending = Channel.CreateBounded<string>(
            new BoundedChannelOptions(MaxPendingFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

        public string? ServiceFilter { get; } = serviceFilter;

        public void Enqueue(string json)
        {
            if (!pending.Writer.TryWrite(json))
            {
                // Too far behind to be trusted: close it, the client reconnects and starts from initial data.
                socket.Abort();
            }
        }

        public void SendAway() => Enqueue(Reconnect);

        public async Task SendLoopAsync(string initial, CancellationToken cancellationToken)
        {
            try
            {
                await SendAsync(initial, cancellationToken);
                await foreach (var json in pending.Reader.ReadAllAsync(cancellationToken))
                {
                    if (json == Reconnect)
                    {
                        await socket.CloseOutputAsync((WebSocketCloseStatus)1012, "reconnect", cancellationToken);
                        return;
                    }

                    await SendAsync(json, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The receive side notices the closed socket and ends the connection.
            }
        }

        private Task SendAsync(string json, CancellationToken cancellationToken) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(json).AsMemory(), WebSocketMessageType.Text, true, cancellationToken).AsTask();
    }
}

/// <summary>Relays frames published by any Display instance to this instance's sockets, in the order they were sent.</summary>
public sealed class SocketFrameSubscriber(IConnectionMultiplexer redis, SocketHub sockets) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(LiveBroadcaster.SocketChannel);
        queue.OnMessage(message =>
        {
            // An instance without sockets (the standby, most of the time) reads every frame too: it need not unpack them.
            if (sockets.Count > 0 && JsonSerializer.Deserialize<List<SocketFrame>>(message.Message.ToString()) is { } frames)
            {
                frames.ForEach(sockets.Broadcast);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().UnsubscribeAsync(LiveBroadcaster.SocketChannel);
}
