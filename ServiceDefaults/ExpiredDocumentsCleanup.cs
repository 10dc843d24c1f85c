using Marten;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Once an hour (and at start), deletes the documents a service keeps only for a while.</summary>
/// <param name="what">What is removed, for the log when it fails.</param>
public abstract class ExpiredDocumentsCleanup(IDocumentStore store, ILogger logger, string what) : BackgroundService
{
    /// <summary>Queues the deletions of what has expired by now.</summary>
    protected abstract void Remove(IDocumentSession session);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var session = store.LightweightSession();
                Remove(session);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "{What} could not be removed; trying again in an hour", what);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
