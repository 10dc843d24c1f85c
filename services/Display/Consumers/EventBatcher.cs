using System.Threading.Channels;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Consumers;

/// <summary>A queue event on its way to the read models; <see cref="RebuildId"/> names the rebuild a replayed event belongs to (null: a live one).</summary>
public sealed record PendingEvent(RowChanges Rows, LiveChange Live, Guid? RebuildId, DateTimeOffset Received);

/// <summary>A replayed message came before the start of its rebuild (it would be emptied away): it is tried again later.</summary>
public sealed class RebuildNotStartedException(Guid rebuildId)
    : Exception($"Read-model rebuild {rebuildId} has not started here yet; its replayed message waits for the start.");

/// <summary>
/// Writes queue events to the read models in batches: the events that arrive while one batch is written
/// (and in the moment before it starts) form the next, each batch one transaction, then one push of
/// the lines and tickets it changed. A message is acknowledged only once its batch is stored. Work that must
/// not mix with events (emptying the tables for a rebuild, the catalog) runs alone, in arrival order.
/// Kept instead of MassTransit's <c>Batch&lt;T&gt;</c>, which was tried: at 400 joins/s over 20 services it cost the
/// same (Display 1.40 CPU-ms per join against 1.39 here, MariaDB 0.53 against 0.45), but it acknowledges and retries
/// a batch as a whole, so a replayed message that comes before its rebuild's start held the whole batch in retry and
/// the read side stood still behind it (the rebuild test and every screen test after it timed out). Here only that
/// message waits and is tried again, and one bad event fails alone.
/// </summary>
public sealed class EventBatcher(ReadModelWriter writer, LivePush push, ScreenLag lag, ILogger<EventBatcher> logger) : BackgroundService
{
    /// <summary>Events per transaction at most; also the consumer's concurrency, so a batch can fill.</summary>
    public const int MaxBatch = 100;

    // Not marked single-reader: only the multi-reader channel can count what is waiting (see LingerAsync).
    private readonly Channel<Work> queue = Channel.CreateUnbounded<Work>();

    /// <summary>Completes once the event is stored (or was stored before).</summary>
    public Task ApplyAsync(PendingEvent pending, CancellationToken cancellationToken) => Enqueue(new EventWork(pending), cancellationToken);

    /// <summary>
    /// Runs work between batches. Work of a rebuild (<paramref name="rebuildId"/>) runs only while that rebuild is the one
    /// started last: before its start it fails (to be tried again), after a later rebuild's start it is dropped.
    /// </summary>
    public Task RunAloneAsync(Func<CancellationToken, Task> work, Guid? rebuildId, CancellationToken cancellationToken) =>
        Enqueue(new AloneWork(work, rebuildId), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<EventWork>();
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            if (queue.Reader.TryPeek(out var first) && first is AloneWork alone)
            {
                queue.Reader.TryRead(out _);
                await RunAsync(alone, stoppingToken);
                continue;
            }

            try
            {
                await LingerAsync(stoppingToken);
                while (batch.Count < MaxBatch && queue.Reader.TryPeek(out var next) && next is EventWork work)
                {
                    queue.Reader.TryRead(out _);
                    batch.Add(work);
                }

                await ApplyAsync(batch, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A fault here must not stop the read side: the batch's messages are tried again by the consumer.
                logger.LogError(exception, "A batch of {Count} events failed unexpectedly", batch.Count);
                batch.ForEach(w => w.Done.TrySetException(exception));
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Waits until no event has arrived for a moment (at most 10 ms). Messages are handed over side by side,
    /// so one relayed just after another can arrive a hair before it: both then land in the same batch, and
    /// no reader ever sees the later one applied without the earlier (a call without the serve before it).
    /// </summary>
    private async Task LingerAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var count = queue.Reader.Count;
        while (count < MaxBatch && System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken);
            if (queue.Reader.Count == count)
            {
                return;
            }

            count = queue.Reader.Count;
        }
    }

    private Task Enqueue(Work work, CancellationToken cancellationToken)
    {
        if (!queue.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The read side is shutting down.");
        }

        return work.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(AloneWork alone, CancellationToken cancellationToken)
    {
        try
        {
            var phase = alone.RebuildId is { } rebuildId ? RebuildPhases.Of(rebuildId, await writer.CurrentRebuildAsync(cancellationToken)) : RebuildPhase.Running;
            if (phase == RebuildPhase.NotStarted)
            {
                throw new RebuildNotStartedException(alone.RebuildId!.Value);
            }

            if (phase == RebuildPhase.Running)
            {
                await alone.Run(cancellationToken); // a superseded rebuild's message is dropped
            }

            alone.Done.TrySetResult();
        }
        catch (Exception exception)
        {
            alone.Done.TrySetException(exception);
        }
    }

    private async Task ApplyAsync(List<EventWork> batch, CancellationToken cancellationToken)
    {
        var ready = await WithoutEarlyReplaysAsync(batch, cancellationToken);
        if (ready.Count == 0)
        {
            return;
        }

        var firstTime = new HashSet<Guid>();
        try
        {
            firstTime.UnionWith(await writer.ApplyAsync([.. ready.Select(w => w.Event.Rows)], cancellationToken));
        }
        catch (Exception exception) when (ready.Count > 1 && exception is not OperationCanceledException)
        {
            // One bad event must not hold back the others: each is written alone, and only a failing one is tried again.
            logger.LogWarning(exception, "A batch of {Count} events could not be written; writing them one by one", ready.Count);
            ready = await OneByOneAsync(ready, firstTime, cancellationToken);
        }
        catch (Exception exception)
        {
            ready.ForEach(w => w.Done.TrySetException(exception));
            return;
        }

        ready.ForEach(w => w.Done.TrySetResult());
        var live = ready.Where(w => w.Event.RebuildId is null && firstTime.Contains(w.Event.Rows.Facts.EventId)).DistinctBy(w => w.Event.Rows.Facts.EventId).ToList();
        if (live.Count > 0)
        {
            // Replayed events (a rebuild) push nothing: old calls must never be announced again.
            await push.PushAsync([.. live.Select(w => w.Event.Live)], cancellationToken);
            live.ForEach(w => lag.Record(w.Event.Rows.Facts, w.Event.Received));
        }
    }

    /// <returns>The events written; the others have failed.</returns>
    private async Task<List<EventWork>> OneByOneAsync(List<EventWork> batch, HashSet<Guid> firstTime, CancellationToken cancellationToken)
    {
        var written = new List<EventWork>();
        foreach (var work in batch)
        {
            try
            {
                firstTime.UnionWith(await writer.ApplyAsync([work.Event.Rows], cancellationToken));
                written.Add(work);
            }
            catch (Exception exception)
            {
                work.Done.TrySetException(exception);
            }
        }

        return written;
    }

    /// <summary>
    /// Replayed events that came before their rebuild's start are sent back to be tried again; those of a rebuild
    /// that a later one has replaced are dropped.
    /// </summary>
    private async Task<List<EventWork>> WithoutEarlyReplaysAsync(List<EventWork> batch, CancellationToken cancellationToken)
    {
        if (!batch.Any(w => w.Event.RebuildId is not null))
        {
            return batch;
        }

        Guid? running;
        try
        {
            running = await writer.CurrentRebuildAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            batch.ForEach(w => w.Done.TrySetException(exception));
            return [];
        }

        var phases = batch.ToLookup(w => w.Event.RebuildId is { } id ? RebuildPhases.Of(id, running) : RebuildPhase.Running);
        foreach (var early in phases[RebuildPhase.NotStarted])
        {
            early.Done.TrySetException(new RebuildNotStartedException(early.Event.RebuildId!.Value));
        }

        foreach (var superseded in phases[RebuildPhase.Superseded])
        {
            superseded.Done.TrySetResult();
        }

        return [.. phases[RebuildPhase.Running]];
    }

    private abstract class Work
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class EventWork(PendingEvent pending) : Work
    {
        public PendingEvent Event { get; } = pending;
    }

    private sealed class AloneWork(Func<CancellationToken, Task> run, Guid? rebuildId) : Work
    {
        public Func<CancellationToken, Task> Run { get; } = run;

        public Guid? RebuildId { get; } = rebuildId;
    }
}
