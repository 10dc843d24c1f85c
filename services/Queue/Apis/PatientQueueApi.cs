using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;

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
            .Produces<Ticket>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CancelTicket");
        return app;
    }

    public static async Task<Ok<ServiceSummary[]>> ListServices(ServiceCatalog catalog, DayCommands commands, CancellationToken cancellationToken)
    {
        var day = await commands.ReadAsync(cancellationToken);
        var summaries = new List<ServiceSummary>();
        foreach (var service in catalog.Services.Where(s => s.IsActive))
        {
            var open = catalog.IsOpenToday(service) ? catalog.OpenCounters(service.Code) : [];
            var serving = open.Count(c => day.Counter(c.Id).Status == CounterStatus.Available);
            summaries.Add(new ServiceSummary(
                service.Code, service.Name, service.Description, open.Count > 0, day.WaitingOf(service.Code).Count(),
                WaitEstimates.ForNewcomer(day, service.Code, serving, catalog.DefaultServiceMinutes)));
        }

        return TypedResults.Ok(summaries.ToArray());
    }

    public static async Task<Ok<Dashboard>> ShowDashboard(ClaimsPrincipal patient, DayCommands commands, TicketViews views, CancellationToken cancellationToken)
    {
        var patientId = patient.PatientId()!.Value;
        var day = await commands.ReadAsync(cancellationToken);
        var tickets = day.TicketsOfThe(patientId)
            .Select(ticket => new DashboardTicket(views.From(ticket, day), ticket.CounterId is { } counterId ? day.CurrentAt(counterId)?.QueueId : null))
            .OrderBy(t => t.JoinedAt);
        var name = patient.FindFirstValue(QueueClaims.Name) ?? "";
        return TypedResults.Ok(new Dashboard(new PatientView(patientId, name), [.. tickets]));
    }

    public static async Task<Results<Ok<Ticket>, ProblemHttpResult>> Cancel(
        Guid ticketId, ClaimsPrincipal patient, IdempotencyKey? idempotency, DayCommands commands, TicketViews views, HttpResponse response, CancellationToken cancellationToken)
    {
        var patientId = patient.PatientId()!.Value;
        var answer = await commands.ExecuteAsync(
            (day, _, now) => QueueDecider.Decide(new CancelTicket(ticketId, patientId, now, patient.Actor()), day),
            outcome => views.From(outcome.Day.Ticket(ticketId)!, outcome.Day),
            idempotency?.For(null),
            cancellationToken);
        return answer.ToHttp(response, TypedResults.Ok);
    }
}
