using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>What a patient sees and does: the open services, their own tickets, leaving the queue.</summary>
public static class PatientQueueApi
{
    public sealed record ServiceSummary(string Code, string Name, string Description, bool Open, int Waiting, int EstimatedWaitMinutes);

    public sealed record PatientView(Guid Id, string Name);

    public sealed record Dashboard(PatientView Patient, IReadOnlyList<DashboardTicket> Tickets);

    public static IEndpointRouteBuilder MapPatientQueueApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/services", ListServices).WithName("ListServices").WithSummary("Active services with their line and estimated wait.");
        app.MapGet("/patient_dashboard", ShowDashboard).RequireAuthorization(Policies.Patient).WithName("PatientDashboard");
        app.MapPost("/api/tickets/{ticketId:guid}/cancel", Cancel)
            .RequireAuthorization(Policies.Patient)
            .AcceptIdempotencyKey()
            .Produces<TicketView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CancelTicket");
        return app;
    }

    public static async Task<Ok<ServiceSummary[]>> ListServices(ServiceCatalog catalog, DayStreams streams, TicketViews views, CancellationToken cancellationToken)
    {
        var summaries = new List<ServiceSummary>();
        foreach (var service in catalog.Services.Where(s => s.IsActive))
        {
            var day = await streams.ReadAsync(service.Code, cancellationToken);
            var open = catalog.IsOpenToday(service) ? catalog.OpenCounters(service.Code) : [];
            var serving = Math.Max(1, open.Count(c => day.Counter(c.Id).Status == CounterStatus.Available));
            var waiting = day.Waiting.Count();
            summaries.Add(new ServiceSummary(service.Code, service.Name, service.Description, open.Count > 0, waiting, waiting * views.ServiceMinutes(day) / serving));
        }

        return TypedResults.Ok(summaries.ToArray());
    }

    public static async Task<Ok<Dashboard>> ShowDashboard(ClaimsPrincipal patient, ServiceCatalog catalog, DayStreams streams, TicketViews views, CancellationToken cancellationToken)
    {
        var patientId = patient.PatientId()!.Value;
        var tickets = new List<DashboardTicket>();
        foreach (var service in catalog.Services)
        {
            var day = await streams.ReadAsync(service.Code, cancellationToken);
            foreach (var ticket in day.Tickets.Where(t => t.PatientId == patientId))
            {
                var nowServing = ticket.CounterId is { } counterId ? day.CurrentAt(counterId)?.QueueId : null;
                tickets.Add(new DashboardTicket(views.From(ticket, day, service.Code), nowServing));
            }
        }

        var name = patient.FindFirstValue(QueueClaims.Name) ?? "";
        return TypedResults.Ok(new Dashboard(new PatientView(patientId, name), [.. tickets.OrderBy(t => t.JoinedAt)]));
    }

    public static async Task<IResult> Cancel(
        Guid ticketId, ClaimsPrincipal patient, IdempotencyKey? idempotency, DayStreams streams, TicketViews views, CancellationToken cancellationToken)
    {
        var patientId = patient.PatientId()!.Value;
        if (await streams.FindTicketAsync(ticketId, cancellationToken) is not { } found || found.Ticket.PatientId != patientId)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown ticket", "You hold no such ticket today.");
        }

        return await streams.ExecuteAsync(
            found.ServiceCode,
            (day, _, now) => QueueDecider.Decide(new CancelTicket(ticketId, patientId, now, $"patient:{patientId}"), day),
            outcome => views.TicketOrProblem(outcome, ticketId, found.ServiceCode),
            idempotency?.For(null),
            cancellationToken);
    }
}
