using System.Collections.Concurrent;
using Marten;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>A day's state as of a stream version.</summary>
public sealed record KnownDay(QueueDay Day, long Version);

/// <summary>
/// The state of each of today's streams, folded in memory and brought up to date from the event store
/// before every use (one indexed read of the events after the version already folded, usually none).
/// The event store stays the only truth: a write still names the version it decided on, so another
/// instance's write in between is caught by the store, never by this cache. No snapshot is rewritten per
/// event, so a busy day's stream costs the same to append to at its thousandth ticket as at its first.
/// </summary>
public sealed class DayStates
{
    private readonly ConcurrentDictionary<string, KnownDay> days = new(StringComparer.Ordinal);

    /// <summary>The stream's state with every event stored so far.</summary>
    public async Task<KnownDay> CatchUpAsync(IQuerySession session, string key, CancellationToken cancellationToken)
    {
        var known = days.GetValueOrDefault(key) ?? new KnownDay(QueueDay.Empty(key), 0);
        var newer = await session.Events.FetchStreamAsync(key, fromVersion: known.Version + 1, token: cancellationToken);
        if (newer.Count == 0)
        {
            return known;
        }

        return Remember(key, new KnownDay(newer.Aggregate(known.Day, (day, e) => QueueDecider.Evolve(day, e.Data)), newer[^1].Version));
    }

    /// <summary>Keeps a state this instance wrote or read, unless a newer one is already kept.</summary>
    public KnownDay Remember(string key, KnownDay state)
    {
        if (!days.ContainsKey(key))
        {
            ForgetOtherDays(key);
        }

        return days.AddOrUpdate(key, state, (_, kept) => kept.Version >= state.Version ? kept : state);
    }

    /// <summary>Streams of another day than this one's are done with: a new day starts new streams.</summary>
    private void ForgetOtherDays(string key)
    {
        var day = key[(key.LastIndexOf('/') + 1)..];
        foreach (var old in days.Keys.Where(k => !k.EndsWith(day, StringComparison.Ordinal)))
        {
            days.TryRemove(old, out _);
        }
    }
}
