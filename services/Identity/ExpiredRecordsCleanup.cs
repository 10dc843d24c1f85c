using Marten;
using QueueSystem.Identity.Staff;
using QueueSystem.Identity.Tokens;

namespace QueueSystem.Identity;

/// <summary>Once an hour, forgets sign-in throttles not added to for a day and sign-outs of tokens that have expired.</summary>
public sealed class ExpiredRecordsCleanup(IDocumentStore store, TimeProvider clock, ILogger<ExpiredRecordsCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var session = store.LightweightSession();
                var now = clock.GetUtcNow();
                var throttleCutoff = now.AddDays(-1);
                session.DeleteWhere<LoginThrottle>(t => t.LastFailureAt < throttleCutoff);
                session.DeleteWhere<TokenRevocation>(r => r.ExpiresAt < now);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Old sign-in throttles and sign-outs could not be removed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
