using StackExchange.Redis;

namespace QueueSystem.Display.Live;

/// <summary>
/// While Redis is unreachable, live messages are lost: screens and phones connected meanwhile would keep
/// showing an old line. When it is back, every client of this instance is sent away to reconnect, and a
/// reconnecting client starts from initial data read from the read models — the true state.
/// </summary>
public sealed class BackplaneWatch(IConnectionMultiplexer redis, SocketHub sockets, HubConnections connections, ILogger<BackplaneWatch> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnFailed;
        redis.ConnectionRestored += OnRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnFailed;
        redis.ConnectionRestored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            logger.LogError(e.Exception, "Redis is unreachable ({Failure}): live updates cannot reach screens until it is back", e.FailureType);
        }
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // The subscription carries every live message; its return is when clients can trust the feed again.
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        logger.LogWarning("Redis is back: sending {Sockets} sockets and every SignalR connection away to reconnect to the true state", sockets.Count);
        sockets.SendAllAway();
        connections.SendAllAway();
    }
}
