using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Live;

/// <summary>
/// Which ticket a tracking page (<c>?track=</c> a tracking token) may follow: one of today's whose token matches, as
/// the Queue's <c>/api/track</c> decides for its answer. A slip's QR code may be scanned before its ticket reached the
/// read models, so a ticket not found yet is looked for again for a moment; a wrong token is refused at once.
/// </summary>
public sealed class TrackingLinks(DisplayStore store, BoardQueries boards)
{
    private const int Attempts = 4;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    public async Task<Guid?> FollowAsync(string token, CancellationToken cancellationToken)
    {
        if (SecretTokens.IdOf(token) is not { } ticketId)
        {
            return null;
        }

        for (var attempt = 1; ; attempt++)
        {
            if (await store.TrackingTokenAsync(ticketId, cancellationToken) is { } kept)
            {
                var day = DateOnly.FromDateTime(kept.Day);
                if (!SecretTokens.Matches(kept.Token, token) || day != boards.Today)
                {
                    return null;
                }

                await store.MarkTrackedAsync(ticketId, day, cancellationToken);
                return ticketId;
            }

            if (attempt == Attempts)
            {
                return null;
            }

            await Task.Delay(Pause, cancellationToken);
        }
    }
}
