using JasperFx;
using Marten;
using Marten.Exceptions;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>The outcome of a command on a day stream, with the state after it.</summary>
public sealed record CommandOutcome(Decision Decision, QueueDay Day);

/// <summary>
/// Runs a command against today's stream of a service: bring the state up to date, decide, append naming
/// the version decided on, and decide again on the newer state when another instance wrote first.
/// </summary>
public sealed class DayStreams(IDocumentStore store, DayStates states, ServiceCatalog catalog, KeyedTurns turns)
{
    private const int MaxAttempts = 8;

    public async Task<CommandOutcome> ExecuteAsync(string serviceCode, Func<QueueDay, DateOnly, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (day, now) = catalog.Today();
            var key = StreamKeys.ForDay(catalog.FacilityId, serviceCode, day);
            // Commands on one stream take turns in this instance; other instances are caught by the version check.
            using (await turns.TakeAsync(key, cancellationToken))
            {
                if (await TryOnceAsync(key, day, now, decide, cancellationToken) is { } outcome)
                {
                    return outcome;
                }
            }
        }

        throw new ContendedException();
    }

    /// <returns>Null when another instance wrote the stream first.</returns>
    private async Task<CommandOutcome?> TryOnceAsync(
        string key, DateOnly day, DateTimeOffset now, Func<QueueDay, DateOnly, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var known = await states.CatchUpAsync(session, key, cancellationToken);
        var state = known.Day;
        var decision = TurnReminders.Follow(decide(state, day, now), state, catalog.ReminderPosition, now);
        if (decision.Rejection is not null || decision.Events.Count == 0)
        {
            return new CommandOutcome(decision, state);
        }

        if (known.Version == 0)
        {
            session.Events.StartStream(key, decision.Events);
        }
        else
        {
            session.Events.Append(key, known.Version + decision.Events.Count, decision.Events);
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception conflict) when (conflict is ConcurrencyException or ExistingStreamIdCollisionException)
        {
            return null; // decide again on what the other writer left
        }

        var after = new KnownDay(decision.Events.Aggregate(state, QueueDecider.Evolve), known.Version + decision.Events.Count);
        states.Remember(key, after);
        return new CommandOutcome(decision, after.Day);
    }

    /// <summary>The service whose stream holds a ticket today, with that day's state; null when no service does.</summary>
    public async Task<(string ServiceCode, QueueDay Day, TicketState Ticket)?> FindTicketAsync(Guid ticketId, CancellationToken cancellationToken)
    {
        foreach (var service in catalog.Services)
        {
            var day = await ReadAsync(service.Code, cancellationToken);
            if (day.Ticket(ticketId) is { } ticket)
            {
                return (service.Code, day, ticket);
            }
        }

        return null;
    }

    /// <summary>Today's state of a service, as of the last write.</summary>
    public async Task<QueueDay> ReadAsync(string serviceCode, CancellationToken cancellationToken)
    {
        var key = StreamKeys.ForDay(catalog.FacilityId, serviceCode, catalog.Today().Day);
        await using var session = store.QuerySession();
        return (await states.CatchUpAsync(session, key, cancellationToken)).Day;
    }
}
