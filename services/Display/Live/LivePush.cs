using QueueSystem.Contracts;
using QueueSystem.Display.ReadModels;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Display.Live;

/// <summary>
/// What an applied event tells screens and phones: a <c>queue_update</c> for each of <see cref="Counters"/>
/// (null: the service's pool, which no screen shows), a <c>ticket_update</c> with each of <see cref="Tickets"/>
/// (as the Queue decided them), the announcement of a call, a counter's new status, a ticket that left its
/// line (whose counter is read from the ticket), or the counter of another service a transferred ticket <see cref="Left"/>.
/// </summary>
public sealed record LiveChange(
    EventFacts Facts, int?[] Counters, IReadOnlyList<Ticket> Tickets, Called? Announce = null, string? Status = null, bool TicketLeft = false,
    (string ServiceCode, int CounterId)? Left = null);

/// <summary>
/// Turns applied events into the live messages of API.md, built from the read models just written. A batch
/// of events is pushed together: each counter's line and each patient's ticket once, however many of the
/// batch's events changed them, and always in their newest state.
/// </summary>
public sealed class LivePush(BoardQueries boards, DisplayStore store, LiveBroadcaster live, TicketUpdates tickets, ILogger<LivePush> logger)
{
    public async Task PushAsync(IReadOnlyList<LiveChange> changes, CancellationToken cancellationToken)
    {
        // Each ticket once, as the newest event of the batch left it.
        var newest = changes.OrderBy(change => change.Facts.Sequence).SelectMany(change => change.Tickets)
            .GroupBy(ticket => ticket.TicketId).Select(versions => versions.Last()).ToList();
        // One read of every row the push needs: the called and departed tickets, and the holders of the updated ones.
        IReadOnlyDictionary<Guid, TicketRow> lookedUp = new Dictionary<Guid, TicketRow>();
        var lookUp = changes.Where(c => c.Announce is not null || c.TicketLeft).Select(c => c.Facts.TicketId!.Value)
            .Concat(newest.Select(ticket => ticket.TicketId)).Distinct().ToList();
        if (!await TryAsync(async () => lookedUp = await store.TicketsAsync(lookUp, cancellationToken)))
        {
            return;
        }

        // The announcements first: they are what the hall is waiting for.
        await TryAsync(() => AnnounceAsync(changes, lookedUp, cancellationToken));
        await TryAsync(() => StatusesAsync(changes, cancellationToken));

        await TryAsync(() => QueuesAsync(
            changes.SelectMany(change => CountersOf(change, lookedUp).OfType<int>().Select(id => (change.Facts.ServiceCode, id)))
                .Concat(changes.Select(change => change.Left).OfType<(string, int)>()),
            cancellationToken));
        await TryAsync(() => tickets.PushAsync(newest, lookedUp));
    }

    /// <summary>
    /// Announces each call only while its patient is still the one called there, so a call that arrives after
    /// the patient was already served (a late delivery, or both in one batch) is never announced.
    /// </summary>
    private async Task AnnounceAsync(IReadOnlyList<LiveChange> changes, IReadOnlyDictionary<Guid, TicketRow> lookedUp, CancellationToken cancellationToken)
    {
        var announcements = changes.Select(c => c.Announce).OfType<Called>()
            .Where(called => lookedUp.GetValueOrDefault(called.TicketId) is { Status: TicketStatuses.Called } ticket && ticket.CounterId == called.CounterId)
            .Select(called => new LiveMessage(
                called.ServiceCode, LiveMessageNames.PatientCalled, new PatientCalled(called.CounterId, called.CounterName, called.QueueId, boards.PublicName(called.PatientName))));
        await live.SendAllAsync([.. announcements], cancellationToken);
    }

    private async Task StatusesAsync(IReadOnlyList<LiveChange> changes, CancellationToken cancellationToken) =>
        await live.SendAllAsync(
            [.. changes.Where(c => c.Status is not null).Select(change => new LiveMessage(
                change.Facts.ServiceCode, LiveMessageNames.CounterStatusUpdate, new CounterStatusUpdate(change.Facts.CounterId!.Value, change.Status!)))],
            cancellationToken);

    /// <summary>A <c>queue_update</c> for each counter, once, to the screens of the service it was named with.</summary>
    private async Task QueuesAsync(IEnumerable<(string ServiceCode, int CounterId)> counters, CancellationToken cancellationToken)
    {
        var named = counters.Distinct().ToList();
        var states = (await boards.CountersAsync([.. named.Select(c => c.CounterId).Distinct()], cancellationToken)).ToDictionary(state => state.CounterId);
        var updates = named
            .Select(c => (c.ServiceCode, Counter: states.GetValueOrDefault(c.CounterId)))
            .Where(c => c.Counter is not null)
            .Select(c => new LiveMessage(c.ServiceCode, LiveMessageNames.QueueUpdate, new QueueUpdate(c.Counter!.CounterId, c.Counter.ServingPatient, c.Counter.QueueLength)));
        await live.SendAllAsync([.. updates], cancellationToken);
    }

    private static int?[] CountersOf(LiveChange change, IReadOnlyDictionary<Guid, TicketRow> lookedUp) =>
        change.TicketLeft ? [lookedUp.GetValueOrDefault(change.Facts.TicketId!.Value)?.CounterId] : change.Counters;

    /// <summary>
    /// The events are stored by now: a push that fails is logged, not retried (a redelivery would find the
    /// events applied and push nothing). Screens that missed it are set right by their next initial data.
    /// </summary>
    private async Task<bool> TryAsync(Func<Task> push)
    {
        try
        {
            await push();
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "A live update could not be pushed");
            return false;
        }
    }
}
