using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using QueueSystem.Queue.Apis;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Contract = QueueSystem.Contracts;

namespace QueueSystem.Queue.Relay;

/// <summary>
/// Relays every stored event, in order, to RabbitMQ. Marten checkpoints the position in PostgreSQL
/// only after a page is published, so a crash or a broker outage delays events and never loses them;
/// consumers dedupe the repeats this can cause by event id and stream version.
/// </summary>
public sealed class EventRelay(IBus bus, ContractMapper contracts, DayStates states, ILogger<EventRelay> logger) : SubscriptionBase
{
    /// <summary>Events per published batch at most: Display writes up to 100 events per transaction.</summary>
    public const int MaxBatch = 100;

    /// <summary>
    /// Tickets a batch carries at most (about 70 KB of JSON, below the large-object heap): a call moves everyone behind it,
    /// and batches of a hundred calls over long lines were megabytes each, held by the hundred in Display's consumer until a
    /// full collection (its large-object heap grew to 200 MB in a load run).
    /// </summary>
    public const int MaxBatchTickets = 150;

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);

    private readonly RelayedDays days = new(states);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var messages = await contracts.MapAsync(page.Events, operations, days, cancellationToken);
        var mapped = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        // Each stream's events go out in order, one confirmed publish after another (a screen must never
        // hear a call after the one that followed it); different streams' events go out side by side, as
        // a confirm's round trip per publish, one at a time, capped the relay below a busy hospital's rate.
        // A day's events go out in batches (one delivery per consumer for up to MaxBatch events), the catalog's alone.
        // Publishing throws while RabbitMQ is unreachable: the page is then retried from the checkpoint. A publish
        // whose confirm never comes (its channel died with the broker) is given up after a while, so the relay
        // retries instead of waiting for ever.
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishing.CancelAfter(PublishTimeout);
        try
        {
            await Task.WhenAll(messages.GroupBy(m => m.Event.StreamKey).Select(async stream =>
            {
                foreach (var (id, message) in Outgoing(stream))
                {
                    await bus.Publish(message, message.GetType(), context => context.MessageId = id, publishing.Token);
                }
            }));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"RabbitMQ did not confirm {page.Events.Count} events within {PublishTimeout.TotalSeconds:F0} s; the page is relayed again.");
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (elapsed > TimeSpan.FromMilliseconds(250) && page.Events.Count > 0)
        {
            logger.LogWarning(
                "Relayed {Count} events in {Elapsed:F0} ms ({Mapped:F0} ms folding the days' states); the first was stored {Age:F0} ms ago",
                page.Events.Count, elapsed.TotalMilliseconds, mapped.TotalMilliseconds, (DateTimeOffset.UtcNow - page.Events[0].Timestamp).TotalMilliseconds);
        }

        return NullChangeListener.Instance;
    }

    /// <summary>
    /// A stream's messages as they are published, in order, each with its message id (its event's, or a batch's first
    /// event's): a day's events in batches of at most <see cref="MaxBatch"/> events and about <see cref="MaxBatchTickets"/>
    /// tickets, each followed by the batch's events that text
    /// a patient if it has any; any other message alone.
    /// </summary>
    public static IEnumerable<(Guid Id, object Message)> Outgoing(IEnumerable<(IEvent Event, object Contract)> stream)
    {
        var batch = new List<(Guid Id, Contract.RelayedEvent Event)>();
        var tickets = 0;
        foreach (var (@event, contract) in stream)
        {
            var relayed = Contract.RelayedEvent.Of(contract);
            if (relayed is not null)
            {
                batch.Add((@event.Id, relayed));
                tickets += (contract as Contract.IChangesTickets)?.Tickets.Count ?? 0;
                if (batch.Count < MaxBatch && tickets < MaxBatchTickets)
                {
                    continue;
                }
            }

            foreach (var message in Batched(batch))
            {
                yield return message;
            }

            batch.Clear();
            tickets = 0;
            if (relayed is null)
            {
                yield return (@event.Id, contract);
            }
        }

        foreach (var message in Batched(batch))
        {
            yield return message;
        }
    }

    private static IEnumerable<(Guid Id, object Message)> Batched(List<(Guid Id, Contract.RelayedEvent Event)> batch)
    {
        if (batch.Count == 0)
        {
            yield break;
        }

        yield return (batch[0].Id, new Contract.QueueEventsRelayed([.. batch.Select(e => e.Event)]));
        if (batch.Where(e => e.Event.TextsPatient).ToList() is [var first, ..] texts)
        {
            yield return (first.Id, new Contract.PatientTextsRelayed([.. texts.Select(e => WithoutTickets(e.Event))]));
        }
    }

    /// <summary>A text names its patient, number and place; the tickets a call moved are the screens' business, not Notification's.</summary>
    private static Contract.RelayedEvent WithoutTickets(Contract.RelayedEvent relayed) => relayed with
    {
        Called = relayed.Called is { } called ? called with { Tickets = [] } : null,
        Transferred = relayed.Transferred is { } transferred ? transferred with { Tickets = [] } : null,
    };
}

/// <summary>
/// The facility days as of the last event relayed from each, so that every event is relayed with what it did: the
/// tickets it changed, read from the state just after it. One per reader of the store (the relay, each replay).
/// </summary>
public sealed class RelayedDays(DayStates states)
{
    private readonly Dictionary<string, KnownDay> days = new(StringComparer.Ordinal);

    /// <summary>The stream's state just before its event of <paramref name="version"/>: kept, or folded from the store after a gap (a restart).</summary>
    public async Task<FacilityDay> BeforeAsync(IQuerySession session, string key, long version, CancellationToken cancellationToken)
    {
        if (states.WrittenAt(key, version - 1) is { } shared)
        {
            return shared;
        }

        if (days.TryGetValue(key, out var known) && known.Version == version - 1)
        {
            return known.Day;
        }

        DayStates.ForgetOtherDays(days, key);
        return await states.AsOfAsync(session, key, version - 1, cancellationToken);
    }

    public void Keep(string key, FacilityDay day, long version) => days[key] = new KnownDay(day, version);
}

/// <summary>Turns stored events into the integration contracts, with the tickets each changed as the Queue's domain sees them.</summary>
public sealed class ContractMapper(ServiceCatalog catalog, TicketViews views)
{
    public async Task<IReadOnlyList<(IEvent Event, object Contract)>> MapAsync(
        IReadOnlyList<IEvent> events, IQuerySession session, RelayedDays days, CancellationToken cancellationToken)
    {
        var mapped = new List<(IEvent, object)>();
        foreach (var @event in events)
        {
            if (StreamKeys.CatalogFacility(@event.StreamKey) is { } facility)
            {
                if (CatalogContract(@event, facility) is { } saved)
                {
                    mapped.Add((@event, saved));
                }

                continue;
            }

            if (StreamKeys.TryParse(@event.StreamKey) is null)
            {
                continue; // Marten's own bookkeeping, such as the tombstones of appends that failed, is nothing to relay
            }

            var before = await days.BeforeAsync(session, @event.StreamKey!, @event.Version, cancellationToken);
            var after = QueueDecider.Evolve(before, @event.Data);
            days.Keep(@event.StreamKey!, after, @event.Version);
            Contract.Ticket[] changed = [.. LineChanges.TicketsChanged([@event.Data], before, after)
                .Select(after.Ticket).OfType<TicketState>().Select(ticket => views.From(ticket, after))];
            if (ToContract(@event, after, changed, CounterName, ServiceName) is { } contract)
            {
                mapped.Add((@event, contract));
            }
        }

        return mapped;
    }

    private string CounterName(int? id) => id is { } known ? catalog.FindCounter(known)?.Name ?? $"Counter {known}" : "";

    private string ServiceName(string code) => catalog.FindService(code)?.Name ?? code;

    /// <param name="after">The facility's day just after the event: calls and reminders name their ticket from it.</param>
    /// <param name="tickets">The tickets the event changed, as their patients now see them.</param>
    public static object? ToContract(
        IEvent @event, FacilityDay after, IReadOnlyList<Contract.Ticket> tickets, Func<int?, string> counterName, Func<string, string> serviceName)
    {
        if (StreamKeys.TryParse(@event.StreamKey) is not var (facility, serviceOfStream, _))
        {
            return null;
        }

        // Events stored before the facility's day was one stream name no service: their stream's key does.
        string ServiceOf(string? named) => named ?? serviceOfStream ?? "";
        var envelope = new Contract.EventEnvelope(@event.Id, @event.StreamKey!, @event.Version, @event.Sequence, @event.Timestamp);
        // Never hold up every later event for a ticket missing from the day (no text can go out for it then).
        TicketState TicketOf(Guid ticketId) =>
            after.Ticket(ticketId) ?? new TicketState(ticketId, "", "", 0, Guid.Empty, "", TicketStatus.Waiting, null, 0, @event.Timestamp, null, null);
        return @event.Data switch
        {
            JoinedQueue e => new Contract.JoinedQueue(
                envelope, e.FacilityId, e.ServiceCode, e.Day, e.TicketId, e.QueueId, e.Sequence, e.PatientId, e.PatientName,
                e.CounterId, e.CounterName, e.JoinedAt, e.JoinedBy, e.Category, e.TrackingToken, tickets),
            Called e => Named(TicketOf(e.TicketId), t => new Contract.Called(
                envelope, facility, ServiceOf(e.ServiceCode), e.TicketId, e.CounterId, e.At, e.By, t.QueueId, t.PatientId, t.PatientName, counterName(e.CounterId), e.OutOfTurn, tickets)),
            TurnApproaching e => Named(TicketOf(e.TicketId), t => new Contract.TurnApproaching(
                envelope, facility, ServiceOf(e.ServiceCode), e.TicketId, t.QueueId, t.PatientId, e.CounterId, e.CounterId is null ? null : counterName(e.CounterId), e.Position, e.At)),
            Served e => new Contract.Served(envelope, facility, ServiceOf(e.ServiceCode), e.TicketId, e.CounterId, e.At, e.By, tickets),
            Skipped e => new Contract.Skipped(envelope, facility, ServiceOf(e.ServiceCode), e.TicketId, e.CounterId, e.At, e.By, tickets),
            Recalled e => new Contract.Recalled(envelope, facility, ServiceOf(e.ServiceCode), e.TicketId, e.CounterId, e.At, e.By, tickets),
            Cancelled e => new Contract.Cancelled(envelope, facility, ServiceOf(e.ServiceCode), e.TicketId, e.At, e.By, tickets),
            Reassigned e => new Contract.Reassigned(envelope, facility, ServiceOf(e.ServiceCode), e.TicketId, e.FromCounterId, e.ToCounterId, SnakeCase(e.Reason.ToString()), e.At, e.By, tickets),
            CounterOnBreak e => new Contract.CounterOnBreak(envelope, facility, ServiceOf(e.ServiceCode), e.CounterId, e.At, e.By),
            CounterStatusChanged e => new Contract.CounterStatusChanged(envelope, facility, ServiceOf(e.ServiceCode), e.CounterId, e.Status.Name(), e.At, e.By),
            Transferred e => Named(TicketOf(e.TicketId), t => new Contract.Transferred(
                envelope, facility, e.ToServiceCode, serviceName(e.ToServiceCode), e.FromServiceCode, e.TicketId, t.QueueId, t.PatientId, e.FromCounterId, e.ToCounterId,
                e.ToCounterId is null ? null : counterName(e.ToCounterId), SnakeCase(e.Placement.ToString()), e.Note, after.PositionOf(t), e.At, e.By, tickets)),
            CategorySet e => new Contract.CategorySet(envelope, facility, e.ServiceCode, e.TicketId, e.Category, e.At, e.By, tickets),
            WaitedPastTarget e => new Contract.WaitedPastTarget(envelope, facility, e.ServiceCode, e.TicketId, e.TargetWaitMinutes, e.At, tickets),
            ServiceRulesSet e => new Contract.ServiceRulesSet(envelope, facility, e.ServiceCode, e.PriorityRun, e.TargetWaitMinutes, e.At, tickets),
            _ => null,
        };
    }

    /// <summary>A catalog event as the contract every consumer reads: what the service or counter became (categories and kiosks concern the Queue alone: null).</summary>
    public static object? CatalogContract(IEvent @event, string facility)
    {
        var envelope = new Contract.EventEnvelope(@event.Id, @event.StreamKey!, @event.Version, @event.Sequence, @event.Timestamp);
        Contract.ServiceSaved Service(CatalogService s, DateTimeOffset at, string by) => new(envelope, facility, s.Code, s.Name, s.IsActive, at, by);
        Contract.CounterSaved Counter(CatalogCounter c, DateTimeOffset at, string by) => new(envelope, facility, c.Id, c.Name, c.ServiceCode, c.StartTime, c.EndTime, at, by);
        return @event.Data switch
        {
            ServiceAdded e => Service(e.Service, e.At, e.By),
            ServiceChanged e => Service(e.Service, e.At, e.By),
            CounterAdded e => Counter(e.Counter, e.At, e.By),
            CounterChanged e => Counter(e.Counter, e.At, e.By),
            CategoriesChanged or KioskRegistered or KioskRevoked => null,
            _ => throw new InvalidOperationException($"The catalog stream holds an event this version does not know: {@event.EventTypeName}."),
        };
    }

    private static object Named(TicketState ticket, Func<TicketState, object> contract) => contract(ticket);

    private static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
