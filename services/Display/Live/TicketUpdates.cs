using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Live;

/// <summary>The Ticket shape of the public contract, as the read models give it.</summary>
public sealed record PatientTicket(
    Guid TicketId,
    string QueueId,
    string ServiceCode,
    int? CounterId,
    string? CounterName,
    string Status,
    int? Position,
    int? AheadOfYou,
    int? EstimatedWaitMinutes,
    string PatientName,
    DateTimeOffset? JoinedAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// Sends <c>ticket_update</c> to the patient who holds a ticket, on their own SignalR group only: the
/// changed tickets, and the waiting tickets of the lines that moved with them.
/// </summary>
public sealed class TicketUpdates(DisplayStore store, IHubContext<QueueHub> hub, IOptions<DisplayOptions> options)
{
    private readonly TimeZoneInfo timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public async Task PushAsync(
        DateOnly day, IReadOnlyCollection<string> services, IReadOnlyCollection<Guid> ticketIds, IReadOnlyCollection<LineOf> linesMoved, CancellationToken cancellationToken)
    {
        var rows = await store.PatientTicketsAsync(options.Value.FacilityId, day, services, ticketIds, linesMoved, cancellationToken);
        foreach (var row in rows.Where(r => r.QueueId is not null))
        {
            // Tickets go out in the REST shape (camelCase), whatever the hub's own naming.
            var ticket = JsonSerializer.SerializeToElement(ToTicket(row), JsonSerializerOptions.Web);
            await hub.Clients.Group(LiveGroups.Patient(row.PatientId!.Value)).SendAsync("ticket_update", ticket, cancellationToken);
        }
    }

    private PatientTicket ToTicket(PatientTicketRow row)
    {
        var position = (int?)row.Position;
        var minutesEach = row.ServiceSeconds is { } seconds ? Math.Max(1, (int)Math.Round(seconds / 60)) : options.Value.DefaultServiceMinutes;
        return new PatientTicket(
            row.TicketId,
            row.QueueId!,
            row.ServiceCode,
            row.CounterId,
            row.CounterName,
            row.Status,
            position,
            position - 1,
            position is { } p ? (p - 1 + (row.CounterBusy ? 1 : 0)) * minutesEach : null,
            row.PatientName ?? "",
            Local(row.JoinedAt),
            Local(row.CalledAt),
            Local(row.FinishedAt));
    }

    private DateTimeOffset? Local(DateTime? utc) =>
        utc is { } value ? TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)), timeZone) : null;
}
