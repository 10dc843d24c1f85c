using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Queue.Apis;

/// <summary>A visit across services: staff send a waiting or called patient on to another service, keeping the ticket.</summary>
public static class TransferApi
{
    private const int LongestNote = 200;

    /// <summary><c>Placement</c>: end (the default), arrival or front; <c>Note</c>: for the next counter, at most 200 characters.</summary>
    public sealed record TransferRequest(string? ServiceCode, string? Placement, string? Note);

    public static IEndpointRouteBuilder MapTransferApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/staff/tickets/{ticketId:guid}/transfer", Transfer)
            .RequireAuthorization(Policies.Staff)
            .AcceptIdempotencyKey()
            .WithTags("Staff")
            .Produces<Ticket>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("TransferTicket")
            .WithSummary("Sends a waiting or called patient to another service's line, keeping the ticket's number and history.");
        return app;
    }

    public static async Task<Results<Ok<Ticket>, ProblemHttpResult>> Transfer(
        Guid ticketId, TransferRequest? request, ClaimsPrincipal user, IdempotencyKey? idempotency, ServiceCatalog catalog, CatalogStore catalogStore,
        DayCommands commands, TicketViews views, HttpResponse response, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.ServiceCode)
            || await catalogStore.FindServiceAsync(request.ServiceCode.Trim().ToUpperInvariant(), cancellationToken) is not { } target)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Unknown service", "serviceCode names the service to send the patient to.");
        }

        if (PlacementNamed(request.Placement) is not { } placement)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid placement", "placement is end, arrival or front.");
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > LongestNote } || (note is not null && !PlainText.IsPlain(note)))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid note", $"note is at most {LongestNote} characters of plain text.");
        }

        var (found, refusal) = await StaffApi.TicketToActOnAsync(ticketId, user, commands, "sends on", cancellationToken);
        if (found is null || refusal is not null)
        {
            return refusal!;
        }

        var answer = await commands.ExecuteAsync(
            (day, _, now) => QueueDecider.Decide(
                new TransferTicket(
                    ticketId, target.Code, placement, note,
                    catalog.FindService(target.Code) is { } current && catalog.IsOpenToday(current) ? catalog.OpenCounters(target.Code) : [],
                    catalog.RulesOf(target.Code), now, user.Actor()),
                day),
            outcome => views.From(outcome.Day.Ticket(ticketId)!, outcome.Day),
            idempotency?.For(request),
            cancellationToken);
        return answer.ToHttp(response, TypedResults.Ok);
    }

    /// <summary>A placement by its name (any case); end when none is given; null for any other text.</summary>
    private static TransferPlacement? PlacementNamed(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "end" => TransferPlacement.End,
        "arrival" => TransferPlacement.Arrival,
        "front" => TransferPlacement.Front,
        _ => null,
    };
}
