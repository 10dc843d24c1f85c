namespace QueueSystem.Identity;

/// <summary>
/// Lets work on one key (a phone, an account) take turns within this process, so a burst of guesses or
/// sign-ins queues up instead of failing on optimistic-concurrency conflicts; conflicts with other
/// instances are still caught by the store. A key is forgotten as soon as nobody holds or awaits it,
/// so the millions of phones a year pass through leave nothing behind.
/// </summary>
public sealed class KeyedTurns
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Turn> turns = new(StringComparer.Ordinal);

    public async Task<IDisposable> TakeAsync(string key, CancellationToken cancellationToken)
    {
        Turn turn;
        lock (gate)
        {
            if (!turns.TryGetValue(key, out turn!))
            {
                turns[key] = turn = new Turn();
            }

            turn.Users++;
        }

        try
        {
            await turn.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, turn);
            throw;
        }

        return new Release(this, key, turn);
    }

    /// <summary>How many keys are held or awaited now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return turns.Count;
            }
        }
    }

    private void Leave(string key, Turn turn)
    {
        lock (gate)
        {
            if (--turn.Users == 0)
            {
                turns.Remove(key);
            }
        }
    }

    private sealed class Turn
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Release(KeyedTurns owner, string key, Turn turn) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                turn.Semaphore.Release();
                owner.Leave(key, turn);
            }
        }
    }
}
