using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

public static class JoinApi
{
    /// <summary>How often a join is retried when another command wrote the same day stream first.</summary>
    private const int MaxAttempts = 5;

    public sealed record JoinRequest(string? ServiceCode);

    public static IEndpointRouteBuilder MapJoinApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/join_queue", Join)
            .RequireAuthorization(Policies.Patient)
            .WithName("JoinQueue")
            .WithSummary("Take a ticket for a service of today.");
        return app;
    }

    public static async Task<Results<Created<TicketView>, ProblemHttpResult>> Join(
        JoinRequest request, ClaimsPrincipal patient, IDocumentStore store, ServiceCatalog catalog, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ServiceCode))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing service", "serviceCode is required.");
        }

        var service = catalog.FindService(request.ServiceCode.Trim().ToUpperInvariant());
        if (service is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown service", $"No service has the code '{request.ServiceCode}'.");
        }

        if (!service.IsActive)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "Service closed", $"{service.Name} takes no patients now.");
        }

        var patientId = patient.PatientId()!.Value;
        var patientName = patient.FindFirstValue(QueueClaims.Name) ?? "Patient";

        for (var attempt = 1; ; attempt++)
        {
            var (day, now) = catalog.Today();
            var command = new JoinQueue(
                Guid.CreateVersion7(now),
                catalog.FacilityId,
                service.Code,
                day,
                patientId,
                patientName,
                JoinedBy: $"patient:{patientId}",
                now,
                RandomNumberGenerator.GetInt32(10_000),
                catalog.OpenCounters(service.Code));

            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<QueueDay>(
                StreamKeys.ForDay(command.FacilityId, command.ServiceCode, day), cancellationToken);
            var state = stream.Aggregate ?? QueueDay.Empty(stream.Key!);
            var decision = QueueDecider.Decide(command, state);
            if (decision.Rejection is { } rejection)
            {
                return rejection.Kind == RejectionKind.Closed
                    ? Problem(StatusCodes.Status422UnprocessableEntity, "Service closed", rejection.Message)
                    : Problem(StatusCodes.Status409Conflict, "Already in the queue", rejection.Message);
            }

            var joined = (JoinedQueue)decision.Events[0];
            stream.AppendOne(joined);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (ConcurrencyException)
            {
                if (attempt == MaxAttempts)
                {
                    return Problem(StatusCodes.Status503ServiceUnavailable, "Queue busy", "Too many patients joined at once; try again.");
                }

                continue;
            }

            var ticket = TicketView.Waiting(joined, QueueDecider.Evolve(state, joined), catalog.DefaultServiceMinutes);
            return TypedResults.Created($"/api/tickets/{ticket.TicketId}", ticket);
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
