using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
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
        JoinRequest request, ClaimsPrincipal patient, IdempotencyKey? idempotency, TicketIssue issue, HttpResponse response, CancellationToken cancellationToken)
    {
        var check = await issue.CheckAsync(request.ServiceCode, request.Category, TicketIssue.CategoryRule.SelfDeclared, cancellationToken);
        if (check.Problem is not null)
        {
            return check.Problem;
        }

        var holder = new TicketHolder(patient.PatientId()!.Value, patient.FindFirstValue(QueueClaims.Name) ?? "Patient", patient.Actor());
        return await issue.IssueAsync(check.Service!, check.Category, holder, idempotency?.For(request), response, cancellationToken);
    }
}
