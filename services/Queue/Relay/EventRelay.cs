using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using QueueSystem.Queue.Apis;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;
using Contract = QueueSystem.Contracts;

namespace QueueSystem.Queue.Relay;

/// <summary>
/// Relays every stored event, in order, to RabbitMQ. Marten checkpoints the position in PostgreSQL
/// only after a page is published, so a crash or a broker outage delays events and never loses them;
/// consumers dedupe the repeats this can cause by event id and stream version.
/// </summary>
public sealed class EventRelay(IBus bus, ContractMapper contracts, ILogger<EventRelay> logger) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var messages = await contracts.MapAsync(page.Events, operations, cancellationToken);
        var mapped = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        // Each stream's events go out in order, one confirmed publish after another (a screen must never
        // hear a call after the one that followed it); different streams' events go out side by side, as
        // a confirm's round trip per event, one at a time, capped the relay below a busy hospital's rate.
        // Publishing throws while RabbitMQ is unreachable: the page is then retried from the checkpoint.
        await Task.WhenAll(messages.GroupBy(m => m.Event.StreamKey).Select(async stream =>
        {
            foreach (var (@event, message) in stream)
            {
                await bus.Publish(message, message.GetType(), context => context.MessageId = @event.Id, cancellationToken);
            }
        }));

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (elapsed > TimeSpan.FromMilliseconds(250) && page.Events.Count > 0)
        {
            logger.LogWarning(
                "Relayed {Count} events in {Elapsed:F0} ms ({Mapped:F0} ms reading the days' states); the first was stored {Age:F0} ms ago",
                page.Events.Count, elapsed.TotalMilliseconds, mapped.TotalMilliseconds, (DateTimeOffset.UtcNow - page.Events[0].Timestamp).TotalMilliseconds);
        }

        return NullChangeListener.Instance;
    }
}

/// <summary>Turns stored events into the integration contracts, naming tickets and counters where a contract carries them.</summary>
public sealed class ContractMapper(ServiceCatalog catalog, DayStates states, ILogger<ContractMapper> logger)
{
    public async Task<IReadOnlyList<(IEvent Event, object Contract)>> MapAsync(IReadOnlyList<IEvent> events, IQuerySession session, CancellationToken cancellationToken)
    {
        // Calls and reminders name the ticket: its details never change after the join, so the latest state serves.
        var days = new Dictionary<string, QueueDay>();
        foreach (var key in events.Where(e => e.Data is Called or TurnApproaching).Select(e => e.StreamKey!).Distinct())
        {
            days[key] = (await states.CatchUpAsync(session, key, cancellationToken)).Day;
        }

        string CounterName(int? id) => id is { } known ? catalog.FindCounter(known)?.Name ?? $"Counter {known}" : "";
        TicketState TicketOf(IEvent e, Guid ticketId)
        {
            if (days.GetValueOrDefault(e.StreamKey!)?.Ticket(ticketId) is { } ticket)
            {
                return ticket;
            }

            // Never hold up every later event for one: relay it without names (no text can go out for it).
            logger.LogError("Ticket {TicketId} of {Stream} is missing from its snapshot; relayed without its details", ticketId, e.StreamKey);
            return new TicketState(ticketId, "", 0, Guid.Empty, "", TicketStatus.Waiting, null, 0, e.Timestamp, null, null);
        }

        return [.. events.Select(e => (e, ToContract(e, TicketOf, CounterName))).Where(m => m.Item2 is not null).Select(m => (m.e, m.Item2!))];
    }

    public static object? ToContract(IEvent @event, Func<IEvent, Guid, TicketState> ticketOf, Func<int?, string> counterName)
    {
        if (StreamKeys.TryParse(@event.StreamKey) is not { } day)
        {
            return null; // Marten's own bookkeeping, such as the tombstones of appends that failed, is nothing to relay
        }

        var (facility, service) = day;
        var envelope = new Contract.EventEnvelope(@event.Id, @event.StreamKey!, @event.Version, @event.Sequence, @event.Timestamp);
        return @event.Data switch
        {
            JoinedQueue e => new Contract.JoinedQueue(
                envelope, e.FacilityId, e.ServiceCode, e.Day, e.TicketId, e.QueueId, e.Sequence, e.PatientId, e.PatientName,
                e.CounterId, e.CounterName, e.JoinedAt, e.JoinedBy),
            Called e => Named(ticketOf(@event, e.TicketId), t => new Contract.Called(
                envelope, facility, service, e.TicketId, e.CounterId, e.At, e.By, t.QueueId, t.PatientId, t.PatientName, counterName(e.CounterId))),
            TurnApproaching e => Named(ticketOf(@event, e.TicketId), t => new Contract.TurnApproaching(
                envelope, facility, service, e.TicketId, t.QueueId, t.PatientId, e.CounterId, e.CounterId is null ? null : counterName(e.CounterId), e.Position, e.At)),
            Served e => new Contract.Served(envelope, facility, service, e.TicketId, e.CounterId, e.At, e.By),
            Skipped e => new Contract.Skipped(envelope, facility, service, e.TicketId, e.CounterId, e.At, e.By),
            Recalled e => new Contract.Recalled(envelope, facility, service, e.TicketId, e.CounterId, e.At, e.By),
            Cancelled e => new Contract.Cancelled(envelope, facility, service, e.TicketId, e.At, e.By),
            Reassigned e => new Contract.Reassigned(envelope, facility, service, e.TicketId, e.FromCounterId, e.ToCounterId, SnakeCase(e.Reason.ToString()), e.At, e.By),
            CounterOnBreak e => new Contract.CounterOnBreak(envelope, facility, service, e.CounterId, e.At, e.By),
            CounterStatusChanged e => new Contract.CounterStatusChanged(envelope, facility, service, e.CounterId, e.Status.ToString().ToLowerInvariant(), e.At, e.By),
            _ => null,
        };
    }

    private static object Named(TicketState ticket, Func<TicketState, object> contract) => contract(ticket);

    private static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
