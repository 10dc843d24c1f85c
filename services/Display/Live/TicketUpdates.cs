using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using QueueSystem.Display.ReadModels;
using Ticket = QueueSystem.Contracts.Ticket;
using QueueSystem.Contracts;

namespace QueueSystem.Display.Live;

/// <summary>
/// Sends <c>ticket_update</c> to the patient who holds a ticket, on their own SignalR group only, and to the pages following
/// its tracking link (only once one has opened it; without the priority category), with the ticket as the Queue decided it.
/// </summary>
public sealed class TicketUpdates(DisplayStore store, IHubContext<QueueHub> hub)
{
    public async Task PushAsync(IReadOnlyCollection<Ticket> tickets, CancellationToken cancellationToken)
    {
        var holders = await store.TicketsAsync([.. tickets.Select(t => t.TicketId)], cancellationToken);
        foreach (var ticket in tickets)
        {
            if (holders.GetValueOrDefault(ticket.TicketId) is not { PatientId: { } patientId } holder)
            {
                continue;
            }

            // Tickets go out in the REST shape (camelCase), whatever the hub's own naming.
            var shape = JsonSerializer.SerializeToElement(ticket, JsonSerializerOptions.Web);
            await hub.Clients.Group(LiveGroups.Patient(patientId)).SendAsync(LiveMessageNames.TicketUpdate, shape, cancellationToken);
            if (holder.Tracked)
            {
                // Whoever holds the link sees the ticket, not the patient's priority category.
                var tracked = JsonSerializer.SerializeToElement(ticket with { Category = null }, JsonSerializerOptions.Web);
                await hub.Clients.Group(LiveGroups.Tracking(ticket.TicketId)).SendAsync(LiveMessageNames.TicketUpdate, tracked, cancellationToken);
            }
        }
    }
}
