using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Queue.Apis;

public static class JoinApi
{
    /// <summary><c>Category</c>: a category patients may declare themselves (staff check it at the counter); null: regular.</summary>
    public sealed record JoinRequest(string? ServiceCode, string? Category);

    public static IEndpointRouteBuilder MapJoinApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/join_queue", Join)
            .RequireAuthorization(Policies.Patient)
            .AcceptIdempotencyKey()
            .Produces<Ticket>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("JoinQueue")
            .WithSummary("Take a ticket for a service of today.");
        return app;
    }

    public static async Task<Results<Created<Ticket>, ProblemHttpResult>> Join(
        JoinRequest request, ClaimsPrincipal patient, IdempotencyKey? idempotency, DayCommands commands, ServiceCatalog catalog, CatalogStore catalogStore, TicketViews views,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ServiceCode))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Missing service", "serviceCode is required.");
        }

        var service = await catalogStore.FindServiceAsync(request.ServiceCode.Trim().ToUpperInvariant(), cancellationToken);
        if (service is null)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown service", $"No service has the code '{request.ServiceCode}'.");
        }

        if (!catalog.IsOpenToday(service))
        {
            return ProblemResults.Of(StatusCodes.Status422UnprocessableEntity, "Service closed", $"{service.Name} takes no patients today.");
        }

        var category = CategoriesApi.Declared(request.Category, catalog, out var categoryProblem);
        if (categoryProblem is not null)
        {
            return categoryProblem;
        }

        var patientId = patient.PatientId()!.Value;
        var answer = await commands.ExecuteAsync(
            (day, date, now) => QueueDecider.Decide(
                new JoinQueue(
                    Guid.CreateVersion7(now),
                    catalog.FacilityId,
                    service.Code,
                    date,
                    patientId,
                    patient.FindFirstValue(QueueClaims.Name) ?? "Patient",
                    $"patient:{patientId}",
                    now,
                    RandomNumberGenerator.GetInt32(10_000),
                    catalog.FindService(service.Code) is { } current && catalog.IsOpenToday(current) ? catalog.OpenCounters(service.Code) : [],
                    catalog.RulesOf(service.Code),
                    category?.ForTicket()),
                day),
            outcome =>
            {
                var joined = outcome.Decision.Events.OfType<JoinedQueue>().Single();
                return views.From(outcome.Day.Ticket(joined.TicketId)!, outcome.Day);
            },
            idempotency?.For(request),
            cancellationToken);
        return answer.ToHttp(response, ticket => TypedResults.Created($"/api/tickets/{ticket.TicketId}", ticket));
    }
}
