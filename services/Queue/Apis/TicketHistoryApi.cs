using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;
using TicketEventTypes = QueueSystem.Contracts.TicketEventTypes;

namespace QueueSystem.Queue.Apis;

/// <summary>A ticket's full history: every event of its facility's day that concerns it, across the services of its visit, who acted and when.</summary>
public static class TicketHistoryApi
{
    /// <summary><c>ServiceCode</c>: the service the ticket was in after the event (the one it went to, for a transfer).</summary>
    public sealed record HistoryEntry(long Version, string Type, DateTimeOffset At, string By, int? CounterId, string? Detail, string? ServiceCode = null);

    public sealed record TicketHistory(Ticket Ticket, IReadOnlyList<HistoryEntry> Events);

    public static IEndpointRouteBuilder MapTicketHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/staff/tickets/{ticketId:guid}/history", Show).RequireAuthorization(Policies.Staff).WithTags("Staff").WithName("TicketHistory");
        return app;
    }

    public static async Task<Results<Ok<TicketHistory>, ProblemHttpResult>> Show(
        Guid ticketId, DayCommands commands, IDocumentStore store, ServiceCatalog catalog, TicketViews views, CancellationToken cancellationToken)
    {
        var day = await commands.ReadAsync(cancellationToken);
        if (day.Ticket(ticketId) is not { } ticket)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown ticket", "No such ticket today.");
        }

        // On the day of an upgrade, a ticket's first events are in its service's own day stream.
        await using var session = store.QuerySession();
        var date = catalog.Today().Day;
        var before = await session.Events.FetchStreamAsync(StreamKeys.ForServiceDay(catalog.FacilityId, ticket.NumberedIn, date), token: cancellationToken);
        var events = await session.Events.FetchStreamAsync(day.Id, token: cancellationToken);
        // Each entry names the service the ticket was in then: the one it joined, and after each transfer the one it went to.
        var service = ticket.NumberedIn;
        var entries = new List<HistoryEntry>();
        foreach (var stored in before.Concat(events))
        {
            if (stored.Data is Transferred moved && moved.TicketId == ticketId)
            {
                service = moved.ToServiceCode;
            }

            if (Entry(stored.Version, stored.Data, ticketId) is { } entry)
            {
                entries.Add(entry with { ServiceCode = service });
            }
        }

        return TypedResults.Ok(new TicketHistory(views.From(ticket, day), entries));
    }

    private static HistoryEntry? Entry(long version, object data, Guid ticketId) => data switch
    {
        JoinedQueue e when e.TicketId == ticketId => new(version, TicketEventTypes.Joined, e.JoinedAt, e.JoinedBy, e.CounterId, e.Category is null ? e.QueueId : $"{e.QueueId}, {e.Category}"),
        Called e when e.TicketId == ticketId => new(version, TicketEventTypes.Called, e.At, e.By, e.CounterId, e.OutOfTurn ? TicketEventTypes.OutOfTurn : null),
        CategorySet e when e.TicketId == ticketId => new(version, TicketEventTypes.CategorySet, e.At, e.By, null, e.Category ?? "regular"),
        Transferred e when e.TicketId == ticketId => new(version, TicketEventTypes.Transferred, e.At, e.By, e.ToCounterId,
            $"from {e.FromServiceCode} to {e.ToServiceCode}, {JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Placement.ToString())}{(e.Note is null ? "" : $": {e.Note}")}"),
        WaitedPastTarget e when e.TicketId == ticketId => new(version, TicketEventTypes.WaitedPastTarget, e.At, "system", null, $"{e.TargetWaitMinutes} min"),
        Served e when e.TicketId == ticketId => new(version, TicketEventTypes.Served, e.At, e.By, e.CounterId, null),
        Skipped e when e.TicketId == ticketId => new(version, TicketEventTypes.Skipped, e.At, e.By, e.CounterId, null),
        Recalled e when e.TicketId == ticketId => new(version, TicketEventTypes.Recalled, e.At, e.By, e.CounterId, null),
        Cancelled e when e.TicketId == ticketId => new(version, TicketEventTypes.Cancelled, e.At, e.By, null, null),
        Reassigned e when e.TicketId == ticketId => new(version, TicketEventTypes.Reassigned, e.At, e.By, e.ToCounterId,
            $"from {(e.FromCounterId is { } from ? $"counter {from}" : "the pool")}, {JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Reason.ToString())}"),
        _ => null,
    };
}
