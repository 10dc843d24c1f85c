using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using QueueSystem.Display.ReadModels;
using Ticket = QueueSystem.Contracts.Ticket;
using QueueSystem.Contracts;

namespace QueueSystem.Display.Live;

/// <summary>Sends <c>ticket_update</c> to the patient who holds a ticket, on their own SignalR group only, with the ticket as the Queue decided it.</summary>
public sealed class TicketUpdates(DisplayStore store, IHubContext<QueueHub> hub)
{
    public async Task PushAsync(IReadOnlyCollection<Ticket> tickets, CancellationToken cancellationToken)
    {
        var holders = await store.TicketsAsync([.. tickets.Select(t => t.TicketId)], cancellationToken);
        foreach (var ticket in tickets)
        {
            if (holders.GetValueOrDefault(ticket.TicketId)?.PatientId is { } patientId)
            {
                // Tickets go out in the REST shape (camelCase), whatever the hub's own naming.
                await hub.Clients.Group(LiveGroups.Patient(patientId)).SendAsync(LiveMessageNames.TicketUpdate, JsonSerializer.SerializeToElement(ticket, JsonSerializerOptions.Web), cancellationToken);
            }
        }
    }
}
