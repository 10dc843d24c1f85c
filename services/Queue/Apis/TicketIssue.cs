using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Queue.Apis;

/// <summary>Who will hold a new ticket (<see cref="PatientName"/> as it is called out) and who gives it to them.</summary>
public sealed record TicketHolder(Guid PatientId, string PatientName, string JoinedBy);

/// <summary>A service and category asked for, as checked; <see cref="Problem"/> set when the request cannot go on.</summary>
public sealed record TicketRequestCheck(CatalogService? Service, CatalogCategory? Category, ProblemHttpResult? Problem);

/// <summary>
/// Taking a ticket, whichever way it is taken (the patient app, the reception desk, a kiosk): the service must exist
/// and run today, the category must be one the caller may give, and the join is decided on the facility's day.
/// </summary>
public sealed class TicketIssue(DayCommands commands, ServiceCatalog catalog, CatalogStore catalogStore, TicketViews views)
{
    /// <summary>Which categories a caller may give: patients and kiosks only those patients may declare, staff any.</summary>
    public enum CategoryRule
    {
        SelfDeclared,
        Any,
    }

    public async Task<TicketRequestCheck> CheckAsync(string? serviceCode, string? categoryCode, CategoryRule rule, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(serviceCode))
        {
            return Refused(ProblemResults.Of(StatusCodes.Status400BadRequest, "Missing service", "serviceCode is required."));
        }

        var service = await catalogStore.FindServiceAsync(serviceCode.Trim().ToUpperInvariant(), cancellationToken);
        if (service is null)
        {
            return Refused(ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown service", $"No service has the code '{serviceCode}'."));
        }

        if (!catalog.IsOpenToday(service))
        {
            return Refused(ProblemResults.Of(StatusCodes.Status422UnprocessableEntity, "Service closed", $"{service.Name} takes no patients today."));
        }

        ProblemHttpResult? problem;
        var category = rule == CategoryRule.Any
            ? CategoriesApi.Named(categoryCode, catalog, out problem)
            : CategoriesApi.Declared(categoryCode, catalog, out problem);
        return new TicketRequestCheck(service, category, problem);
    }

    /// <summary>Decides the join; <paramref name="idempotency"/> replays the first answer to a repeated request.</summary>
    public async Task<Results<Created<Ticket>, ProblemHttpResult>> IssueAsync(
        CatalogService service, CatalogCategory? category, TicketHolder holder, IdempotentCommand? idempotency, HttpResponse response, CancellationToken cancellationToken)
    {
        var answer = await commands.ExecuteAsync(
            (day, date, now) =>
            {
                var ticketId = Guid.CreateVersion7(now);
                return QueueDecider.Decide(
                    new JoinQueue(
                        ticketId,
                        catalog.FacilityId,
                        service.Code,
                        date,
                        holder.PatientId,
                        holder.PatientName,
                        holder.JoinedBy,
                        now,
                        RandomNumberGenerator.GetInt32(10_000),
                        catalog.FindService(service.Code) is { } current && catalog.IsOpenToday(current) ? catalog.OpenCounters(service.Code) : [],
                        catalog.RulesOf(service.Code),
                        category?.ForTicket(),
                        SecretTokens.New(ticketId)),
                    day);
            },
            outcome =>
            {
                var joined = outcome.Decision.Events.OfType<JoinedQueue>().Single();
                return views.From(outcome.Day.Ticket(joined.TicketId)!, outcome.Day);
            },
            idempotency,
            cancellationToken);
        return answer.ToHttp(response, ticket => TypedResults.Created($"/api/tickets/{ticket.TicketId}", ticket));
    }

    private static TicketRequestCheck Refused(ProblemHttpResult problem) => new(null, null, problem);
}
