using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Contracts;
using QueueSystem.Queue.Apis;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;

namespace QueueSystem.Queue.Relay;

/// <summary>
/// Rebuilds Display's read models from the event store: tells Display to empty them, then sends it the
/// every stored event in order (the catalog's too), marked as a replay (applied, never pushed to screens, never
/// sent to Notification), then says how many messages it sent: Display holds the rebuild done only once it
/// has applied every one of them, whatever order they arrive in. Live events keep flowing meanwhile; repeats are
/// recognised by event id, so the read models end equal to what the live flow builds.
/// </summary>
public sealed class ReadModelReplay(
    IDocumentStore store, IBus bus, ContractMapper contracts, DayStates states, TimeProvider clock, ILogger<ReadModelReplay> logger)
{
    // The exchange MassTransit binds to Display's queue: declaring the queue itself would clash with its arguments.
    private static readonly Uri DisplayQueue = new($"exchange:{MessageQueues.DisplayEvents}");
    private const int PageSize = 500;

    public async Task<(Guid RebuildId, long Events)> RunAsync(CancellationToken cancellationToken)
    {
        var rebuildId = Guid.CreateVersion7(clock.GetUtcNow());
        var display = await bus.GetSendEndpoint(DisplayQueue);
        await display.Send(new ReadModelsRebuildStarted(rebuildId, clock.GetUtcNow()), cancellationToken);
        void MarkReplayed(SendContext context) => context.Headers.Set(RebuildHeaders.RebuildId, rebuildId.ToString());

        long sent = 0, after = 0;
        var days = new RelayedDays(states);
        await using var session = store.QuerySession();
        while (true)
        {
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var (@event, message) in await contracts.MapAsync(page, session, days, cancellationToken))
            {
                if (message is Contracts.TurnApproaching or Contracts.ServiceSaved)
                {
                    continue; // for texts and other readers only: nothing on the read side
                }

                await display.Send(message, message.GetType(), MarkReplayed, cancellationToken);
                sent++;
            }

            after = page[^1].Sequence;
        }

        // Every message of it but the markers: the events, the catalog's among them.
        await display.Send(new ReadModelsRebuildCompleted(rebuildId, sent, sent, clock.GetUtcNow()), cancellationToken);
        logger.LogInformation("Read-model rebuild {RebuildId}: {Events} events sent to Display", rebuildId, sent);
        return (rebuildId, sent);
    }
}

public static class ReadModelReplayApi
{
    public sealed record RebuildStarted(Guid RebuildId, long Events);

    public static IEndpointRouteBuilder MapReadModelReplayApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/read-models/rebuild", Rebuild)
            .RequireAuthorization(Policies.Admin)
            .WithName("RebuildReadModels")
            .WithSummary("Empties Display's read models and replays every stored event into them.");
        return app;
    }

    public static async Task<Accepted<RebuildStarted>> Rebuild(ReadModelReplay replay, CancellationToken cancellationToken)
    {
        var (rebuildId, events) = await replay.RunAsync(cancellationToken);
        return TypedResults.Accepted((string?)null, new RebuildStarted(rebuildId, events));
    }
}
