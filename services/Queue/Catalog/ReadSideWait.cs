namespace QueueSystem.Queue.Catalog;

/// <summary>
/// Read-your-writes for admins: an admin who creates or changes a counter gets the answer once Display has
/// applied the change, so a screen opened right after it lists the counter. Display is asked (service key)
/// whether it holds the event yet; past <see cref="Longest"/> (Display down or far behind) the answer goes
/// anyway: the change is stored, and the screens catch up when Display does.
/// </summary>
public sealed class ReadSideWait(IHttpClientFactory clients, TokenSettings settings, ILogger<ReadSideWait> logger)
{
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public async Task WaitForAsync(Guid? eventId, CancellationToken cancellationToken)
    {
        if (eventId is not { } id)
        {
            return;
        }

        using var http = clients.CreateClient(nameof(ReadSideWait));
        var deadline = DateTimeOffset.UtcNow + Longest;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if (await http.GetInternalAsync<AppliedEvent>(new Uri($"http://display/internal/events/{id}"), settings, cancellationToken) is not null)
                {
                    return;
                }
            }
            catch (HttpRequestException exception)
            {
                logger.LogWarning(exception, "Display could not be asked whether it applied {EventId}; answering without waiting", id);
                return;
            }

            await Task.Delay(Interval, cancellationToken);
        }

        logger.LogWarning("Display had not applied catalog event {EventId} after {Seconds} s; answering anyway", id, Longest.TotalSeconds);
    }

    private sealed record AppliedEvent(Guid EventId);
}
