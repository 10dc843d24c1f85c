using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Commands;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Queue.Apis;

/// <summary>
/// Tickets for patients without a smartphone: issued by a clerk at the reception desk (any category, after checking)
/// or by a kiosk (the categories patients may declare), each printed with the QR code of its tracking link.
/// </summary>
public static class WalkInApi
{
    /// <summary><c>Phone</c>: optional; its patient holds the ticket and gets its texts. <c>Name</c>: required at the desk, optional at a kiosk.</summary>
    public sealed record WalkInRequest(string? ServiceCode, string? Name, string? Phone, string? Category);

    /// <summary>The name a kiosk ticket carries when the patient gave none (a kiosk has no keyboard).</summary>
    public const string KioskPatientName = "Walk-in";

    public static IEndpointRouteBuilder MapWalkInApi(this IEndpointRouteBuilder app)
    {
        var reception = app.MapGroup("/api/reception/tickets").RequireAuthorization(Policies.Reception).WithTags("Reception");
        Describe(reception.MapPost("", Reception).AcceptIdempotencyKey().WithName("IssueWalkInTicket").WithSummary("Issue a walk-in ticket at the reception desk."));
        reception.MapGet("/{queueId}", Find).WithName("FindTicketToReprint").WithSummary("Any ticket of today by its number, to print it again.");
        Describe(app.MapPost("/api/kiosk/tickets", Kiosk)
            .RequireAuthorization(Policies.Kiosk)
            .AcceptIdempotencyKey()
            .WithTags("Kiosk")
            .WithName("IssueKioskTicket")
            .WithSummary("Issue a ticket at a kiosk (Authorization: Bearer <device token>).")
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
        return app;
    }

    private static void Describe(RouteHandlerBuilder endpoint) => endpoint
        .Produces<Ticket>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static Task<Results<Created<Ticket>, ProblemHttpResult>> Reception(
        WalkInRequest request, ClaimsPrincipal clerk, IdempotencyKey? idempotency, TicketIssue issue, WalkInPatients patients, HttpResponse response,
        CancellationToken cancellationToken) =>
        IssueAsync(request, request.Name, TicketIssue.CategoryRule.Any, clerk, idempotency?.For(request), issue, patients, pace: null, response, cancellationToken);

    public static Task<Results<Created<Ticket>, ProblemHttpResult>> Kiosk(
        WalkInRequest request, ClaimsPrincipal kiosk, IdempotencyKey? idempotency, TicketIssue issue, WalkInPatients patients, KioskPace pace, DayCommands commands,
        HttpResponse response, CancellationToken cancellationToken)
    {
        var key = idempotency?.For(request);

        // Only a request that would issue a ticket counts: not a refused one, nor the repeat of one answered (its answer was lost).
        async Task<ProblemHttpResult?> TooFastAsync()
        {
            if ((key is not null && await commands.AnsweredAsync(key, cancellationToken))
                || pace.WaitBefore(Guid.Parse(kiosk.FindFirstValue(QueueClaims.KioskId)!)) is not { } wait)
            {
                return null;
            }

            response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ProblemResults.Of(
                StatusCodes.Status429TooManyRequests, "Too fast for a kiosk", "This kiosk is issuing tickets faster than a person could take them; wait a little.");
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? KioskPatientName : request.Name;
        return IssueAsync(request, name, TicketIssue.CategoryRule.SelfDeclared, kiosk, key, issue, patients, TooFastAsync, response, cancellationToken);
    }

    public static async Task<Results<Ok<Ticket>, ProblemHttpResult>> Find(string queueId, DayCommands commands, TicketViews views, CancellationToken cancellationToken)
    {
        var day = await commands.ReadAsync(cancellationToken);
        var wanted = queueId.Trim().ToUpperInvariant();
        return day.Tickets.Values.FirstOrDefault(t => t.QueueId == wanted) is { } ticket
            ? TypedResults.Ok(views.From(ticket, day))
            : ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown ticket", $"No ticket of today has the number '{queueId}'.");
    }

    /// <param name="pace">Asked once the request is valid, before the patient is looked up: a problem stops it there.</param>
    private static async Task<Results<Created<Ticket>, ProblemHttpResult>> IssueAsync(
        WalkInRequest request, string? name, TicketIssue.CategoryRule rule, ClaimsPrincipal issuer, IdempotentCommand? key, TicketIssue issue,
        WalkInPatients patients, Func<Task<ProblemHttpResult?>>? pace, HttpResponse response, CancellationToken cancellationToken)
    {
        if (PersonNames.Clean(name) is not { } cleanName)
        {
            return PersonNames.Invalid();
        }

        var check = await issue.CheckAsync(request.ServiceCode, request.Category, rule, cancellationToken);
        if (check.Problem is not null)
        {
            return check.Problem;
        }

        if (pace is not null && await pace() is { } tooFast)
        {
            return tooFast;
        }

        // The phone's patient is registered with the name given, if any: a kiosk's placeholder is no one's name.
        var (patientId, problem) = await patients.HolderAsync(request.Phone, PersonNames.Clean(request.Name), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var holder = new TicketHolder(patientId!.Value, cleanName, issuer.Actor());
        return await issue.IssueAsync(check.Service!, check.Category, holder, key, response, cancellationToken);
    }
}
