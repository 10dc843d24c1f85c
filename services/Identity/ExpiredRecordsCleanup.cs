using Marten;
using QueueSystem.Identity.Staff;
using QueueSystem.Identity.Tokens;

namespace QueueSystem.Identity;

/// <summary>Forgets sign-in throttles not added to for a day and sign-outs of tokens that have expired.</summary>
public sealed class ExpiredRecordsCleanup(IDocumentStore store, TimeProvider clock, ILogger<ExpiredRecordsCleanup> logger)
    : ExpiredDocumentsCleanup(store, logger, "Old sign-in throttles and sign-outs")
{
    protected override void Remove(IDocumentSession session)
    {
        var now = clock.GetUtcNow();
        var throttleCutoff = now.AddDays(-1);
        session.DeleteWhere<LoginThrottle>(t => t.LastFailureAt < throttleCutoff);
        session.DeleteWhere<TokenRevocation>(r => r.ExpiresAt < now);
    }
}
