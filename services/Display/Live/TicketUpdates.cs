using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using QueueSystem.Display.ReadModels;
using StackExchange.Redis;
using Ticket = QueueSystem.Contracts.Ticket;
using QueueSystem.Contracts;

namespace QueueSystem.Display.Live;

/// <summary>
/// Sends <c>ticket_update</c> to the patient who holds a ticket, on their own connections only, and to the pages following
/// its tracking link (only once one has opened it; without the priority category), with the ticket as the Queue decided it.
/// A batch's updates travel as one Redis message that every Display instance hands to its own followers: a call moves
/// everyone behind in the line, and a SignalR group message per ticket cost a Redis round trip each (about 1.5 CPU-ms per
/// serve_next over lines of 40), most of them for patients with no page open.
/// </summary>
public sealed class TicketUpdates(IConnectionMultiplexer redis)
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("qms:live:tickets");

    /// <param name="holders">The tickets' rows as just written (who holds each, whether its link is followed).</param>
    public async Task PushAsync(IReadOnlyCollection<Ticket> tickets, IReadOnlyDictionary<Guid, TicketRow> holders)
    {
        var updates = new List<TicketUpdateFrame>();
        foreach (var ticket in tickets)
        {
            if (holders.GetValueOrDefault(ticket.TicketId) is not { PatientId: { } patientId } holder)
            {
                continue;
            }

            updates.Add(new TicketUpdateFrame(LiveGroups.Patient(patientId), ticket));
            if (holder.Tracked)
            {
                // Whoever holds the link sees the ticket, not the patient's priority category.
                updates.Add(new TicketUpdateFrame(LiveGroups.Tracking(ticket.TicketId), ticket with { Category = null }));
            }
        }

        if (updates.Count > 0)
        {
            // Tickets go out in the REST shape (camelCase), whatever the hub's own naming.
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(updates, JsonSerializerOptions.Web));
        }
    }
}

/// <summary>One ticket for the connections of one audience (a patient's, or a tracking link's).</summary>
public sealed record TicketUpdateFrame(string Audience, Ticket Ticket);

/// <summary>Hands the ticket updates published by any Display instance to the connections of this one that follow them.</summary>
public sealed class TicketUpdateSubscriber(IConnectionMultiplexer redis, HubConnections connections, IHubContext<QueueHub> hub, ILogger<TicketUpdateSubscriber> logger)
    : IHostedService
{
    private sealed record ReceivedUpdate(string Audience, JsonElement Ticket);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(TicketUpdates.Channel);
        queue.OnMessage(async message =>
        {
            if (!connections.AnyFollower)
            {
                return;
            }

            try
            {
                foreach (var update in JsonSerializer.Deserialize<ReceivedUpdate[]>(message.Message.ToString(), JsonSerializerOptions.Web) ?? [])
                {
                    foreach (var connectionId in connections.Following(update.Audience))
                    {
                        // A connection of this instance: SignalR writes to it directly, without the backplane.
                        await hub.Clients.Client(connectionId).SendAsync(LiveMessageNames.TicketUpdate, update.Ticket);
                    }
                }
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Ticket updates could not be handed to this instance's connections");
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().UnsubscribeAsync(TicketUpdates.Channel);
}
