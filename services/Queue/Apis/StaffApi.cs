using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Queue.Apis;

/// <summary>Counters at work: call the next patient, skip, recall, change status, and see the lines.</summary>
public static class StaffApi
{
    public sealed record CounterRequest(int? CounterId);

    public sealed record StatusRequest(int? CounterId, string? Status);

    /// <summary><c>Category</c>: a code of the list, or null to make the ticket regular again.</summary>
    public sealed record CategoryRequest(string? Category);

    public sealed record ServeNextResponse(Ticket? Served, Ticket? Called);

    public sealed record SkipResponse(Ticket Skipped, Ticket? Called);

    public sealed record StatusResponse(int CounterId, string Status, int Redistributed);

    public sealed record CounterView(int Id, string Name, string ServiceCode, string StartTime, string EndTime, string Status, Ticket? Serving, int QueueLength);

    /// <summary>A counter's line; <c>Skipped</c>: today's patients skipped there and not recalled since, latest first, for the recall button.</summary>
    public sealed record CounterQueue(CounterView Counter, DeskTicket? Current, IReadOnlyList<DeskTicket> Waiting, IReadOnlyList<Ticket> Skipped);

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("").RequireAuthorization(Policies.Staff).WithTags("Staff");
        var commands = staff.MapGroup("").AcceptIdempotencyKey()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        commands.MapPost("/staff/serve_next", ServeNext).Produces<ServeNextResponse>().WithName("ServeNext");
        commands.MapPost("/staff/skip_patient", SkipPatient).Produces<SkipResponse>().ProducesProblem(StatusCodes.Status409Conflict).WithName("SkipPatient");
        commands.MapPost("/staff/update_status", UpdateStatus).Produces<StatusResponse>().WithName("UpdateCounterStatus");
        commands.MapPost("/api/staff/tickets/{ticketId:guid}/recall", Recall).Produces<Ticket>().ProducesProblem(StatusCodes.Status409Conflict).WithName("RecallTicket");
        commands.MapPost("/api/staff/tickets/{ticketId:guid}/call", CallOutOfTurn).Produces<ServeNextResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CallTicketOutOfTurn").WithSummary("Finishes the counter's current patient and calls this waiting ticket of its service out of turn.");
        commands.MapPost("/api/staff/tickets/{ticketId:guid}/category", SetCategory).Produces<Ticket>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetTicketCategory").WithSummary("Sets a waiting ticket's category (emergency included), or clears it with null.");
        staff.MapGet("/api/staff/counters", ListCounters).WithName("ListCounters");
        staff.MapGet("/api/staff/counters/{counterId:int}/queue", ShowQueue).WithName("CounterQueue");
        return app;
    }

    public static Task<Results<Ok<ServeNextResponse>, ProblemHttpResult>> ServeNext(
        CounterRequest? request, ClaimsPrincipal user, IdempotencyKey? idempotency, ServiceCatalog catalog, CatalogStore catalogStore, DayCommands commands, TicketViews views, HttpResponse response,
        CancellationToken cancellationToken) =>
        AtCounterAsync(
            request, user, idempotency, catalogStore, commands, response,
            (counter, day, now) => QueueDecider.Decide(new CallNext(counter.ServiceCode, counter.Id, catalog.RulesOf(counter.ServiceCode), now, user.Actor()), day),
            outcome => new ServeNextResponse(
                views.FromId(outcome.Decision.Events.OfType<Served>().SingleOrDefault()?.TicketId, outcome.Day),
                views.FromId(outcome.Decision.Events.OfType<Called>().SingleOrDefault()?.TicketId, outcome.Day)),
            cancellationToken);

    public static Task<Results<Ok<SkipResponse>, ProblemHttpResult>> SkipPatient(
        CounterRequest? request, ClaimsPrincipal user, IdempotencyKey? idempotency, ServiceCatalog catalog, CatalogStore catalogStore, DayCommands commands, TicketViews views, HttpResponse response,
        CancellationToken cancellationToken) =>
        AtCounterAsync(
            request, user, idempotency, catalogStore, commands, response,
            (counter, day, now) => QueueDecider.Decide(new SkipPatient(counter.ServiceCode, counter.Id, catalog.RulesOf(counter.ServiceCode), now, user.Actor()), day),
            outcome => new SkipResponse(
                views.FromId(outcome.Decision.Events.OfType<Skipped>().Single().TicketId, outcome.Day)!,
                views.FromId(outcome.Decision.Events.OfType<Called>().SingleOrDefault()?.TicketId, outcome.Day)),
            cancellationToken);

    public static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> UpdateStatus(
        StatusRequest? request, ClaimsPrincipal user, IdempotencyKey? idempotency, ServiceCatalog catalog, CatalogStore catalogStore, DayCommands commands, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var (counter, problem) = await ResolveCounterAsync(user, request?.CounterId, catalogStore, cancellationToken);
        if (counter is null)
        {
            return problem!;
        }

        if (StatusNames.CounterStatusNamed(request?.Status) is not { } status)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid status", "status is one of available, busy, break.");
        }

        var answer = await commands.ExecuteAsync(
            (day, _, now) => QueueDecider.Decide(new ChangeCounterStatus(counter.ServiceCode, counter.Id, status, catalog.OpenCounters(counter.ServiceCode), catalog.RulesOf(counter.ServiceCode), now, user.Actor()), day),
            outcome => new StatusResponse(
                counter.Id,
                StatusOf(counter, outcome.Day, catalog),
                outcome.Decision.Events.OfType<Reassigned>().Count(r => r.Reason == ReassignReason.CounterOnBreak)),
            idempotency?.For(request),
            cancellationToken);
        return answer.ToHttp(response, TypedResults.Ok);
    }

    public static async Task<Results<Ok<Ticket>, ProblemHttpResult>> Recall(
        Guid ticketId, ClaimsPrincipal user, IdempotencyKey? idempotency, ServiceCatalog catalog, DayCommands commands, TicketViews views, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var (found, refusal) = await TicketToActOnAsync(ticketId, user, commands, "recalls", cancellationToken);
        if (found is null || refusal is not null)
        {
            return refusal!;
        }

        var answer = await commands.ExecuteAsync(
            (day, _, now) => QueueDecider.Decide(new RecallTicket(ticketId, catalog.OpenCounters(found.ServiceCode), catalog.RulesOf(found.ServiceCode), now, user.Actor()), day),
            outcome => views.From(outcome.Day.Ticket(ticketId)!, outcome.Day),
            idempotency?.For(null),
            cancellationToken);
        return answer.ToHttp(response, TypedResults.Ok);
    }

    public static Task<Results<Ok<ServeNextResponse>, ProblemHttpResult>> CallOutOfTurn(
        Guid ticketId, CounterRequest? request, ClaimsPrincipal user, IdempotencyKey? idempotency, ServiceCatalog catalog, CatalogStore catalogStore, DayCommands commands,
        TicketViews views, HttpResponse response, CancellationToken cancellationToken) =>
        AtCounterAsync(
            request, user, idempotency, catalogStore, commands, response,
            (counter, day, now) => QueueDecider.Decide(new CallTicket(counter.ServiceCode, counter.Id, ticketId, catalog.RulesOf(counter.ServiceCode), now, user.Actor()), day),
            outcome => new ServeNextResponse(
                views.FromId(outcome.Decision.Events.OfType<Served>().SingleOrDefault()?.TicketId, outcome.Day),
                views.FromId(ticketId, outcome.Day)),
            cancellationToken);

    public static async Task<Results<Ok<Ticket>, ProblemHttpResult>> SetCategory(
        Guid ticketId, CategoryRequest? request, ClaimsPrincipal user, IdempotencyKey? idempotency, ServiceCatalog catalog, DayCommands commands, TicketViews views,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Missing body", """Send {"category": "EMERGENCY"} or {"category": null}.""");
        }

        var category = CategoriesApi.Named(request.Category, catalog, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var (found, refusal) = await TicketToActOnAsync(ticketId, user, commands, "sets the category of", cancellationToken);
        if (found is null || refusal is not null)
        {
            return refusal!;
        }

        var answer = await commands.ExecuteAsync(
            (day, _, now) => QueueDecider.Decide(new SetCategory(ticketId, category?.ForTicket(), catalog.RulesOf(found.ServiceCode), now, user.Actor()), day),
            outcome => views.From(outcome.Day.Ticket(ticketId)!, outcome.Day),
            idempotency?.For(request),
            cancellationToken);
        return answer.ToHttp(response, TypedResults.Ok);
    }

    /// <summary>
    /// Today's ticket a member of staff acts on: 404 when there is none; 403 when an operator reaches past their own
    /// counter (<paramref name="action"/> says what they may do only there). The ticket is null only with a refusal.
    /// </summary>
    public static async Task<(TicketState? Ticket, ProblemHttpResult? Refusal)> TicketToActOnAsync(
        Guid ticketId, ClaimsPrincipal user, DayCommands commands, string action, CancellationToken cancellationToken)
    {
        if ((await commands.ReadAsync(cancellationToken)).Ticket(ticketId) is not { } found)
        {
            return (null, ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown ticket", "No such ticket today."));
        }

        return user.StaffRole() == Roles.Operator && found.CounterId != user.OperatorCounterId()
            ? (found, ProblemResults.Of(StatusCodes.Status403Forbidden, "Another counter", $"An operator {action} only patients of their own counter."))
            : (found, null);
    }

    public static async Task<Ok<CounterView[]>> ListCounters(ServiceCatalog catalog, DayCommands commands, TicketViews views, CancellationToken cancellationToken)
    {
        var day = await commands.ReadAsync(cancellationToken);
        return TypedResults.Ok(catalog.Counters.Select(counter => ViewOf(counter, day, catalog, views)).ToArray());
    }

    public static async Task<Results<Ok<CounterQueue>, ProblemHttpResult>> ShowQueue(
        int counterId, ServiceCatalog catalog, CatalogStore catalogStore, DayCommands commands, TicketViews views, CancellationToken cancellationToken)
    {
        if (await catalogStore.FindCounterAsync(counterId, cancellationToken) is not { } counter)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown counter", $"No counter has the id {counterId}.");
        }

        var day = await commands.ReadAsync(cancellationToken);
        var view = ViewOf(counter, day, catalog, views);
        var skipped = day.TicketsOf(counter.ServiceCode)
            .Where(t => t.Status == TicketStatus.Skipped && t.CounterId == counter.Id)
            .OrderByDescending(t => t.FinishedAt);
        return TypedResults.Ok(new CounterQueue(
            view,
            day.CurrentAt(counter.Id) is { } current ? views.ForDesk(current, day) : null,
            [.. day.LineOf(new LineId(counter.ServiceCode, counter.Id)).Select(t => views.ForDesk(t, day))],
            [.. skipped.Select(t => views.From(t, day))]));
    }

    /// <summary>A command on the counter the request names (see <see cref="ResolveCounterAsync"/>), answered with its reply.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> AtCounterAsync<T>(
        CounterRequest? request, ClaimsPrincipal user, IdempotencyKey? idempotency, CatalogStore catalogStore, DayCommands commands, HttpResponse response,
        Func<CatalogCounter, FacilityDay, DateTimeOffset, Decision> decide, Func<CommandOutcome, T> reply, CancellationToken cancellationToken)
        where T : notnull
    {
        var (counter, problem) = await ResolveCounterAsync(user, request?.CounterId, catalogStore, cancellationToken);
        if (counter is null)
        {
            return problem!;
        }

        var answer = await commands.ExecuteAsync((day, _, now) => decide(counter, day, now), reply, idempotency?.For(request), cancellationToken);
        return answer.ToHttp(response, TypedResults.Ok);
    }

    /// <summary>
    /// The counter a request acts on: an operator's own (naming another is 403), or the one a
    /// supervisor or admin names (400 without one, 404 for an unknown one).
    /// </summary>
    private static async Task<(CatalogCounter? Counter, ProblemHttpResult? Problem)> ResolveCounterAsync(
        ClaimsPrincipal user, int? requested, CatalogStore catalogStore, CancellationToken cancellationToken)
    {
        int? counterId = requested;
        if (user.StaffRole() == Roles.Operator)
        {
            var own = user.OperatorCounterId();
            if (own is null || (requested is not null && requested != own))
            {
                return (null, ProblemResults.Of(StatusCodes.Status403Forbidden, "Another counter", "An operator acts only on their own counter."));
            }

            counterId = own;
        }

        if (counterId is null)
        {
            return (null, ProblemResults.Of(StatusCodes.Status400BadRequest, "Missing counter", "counterId is required."));
        }

        return await catalogStore.FindCounterAsync(counterId.Value, cancellationToken) is { } counter
            ? (counter, null)
            : (null, ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown counter", $"No counter has the id {counterId}."));
    }

    private static CounterView ViewOf(CatalogCounter counter, FacilityDay day, ServiceCatalog catalog, TicketViews views) => new(
        counter.Id,
        counter.Name,
        counter.ServiceCode,
        counter.StartTime,
        counter.EndTime,
        StatusOf(counter, day, catalog),
        views.FromId(day.Counter(counter.Id).Current, day),
        day.LengthOf(new LineId(counter.ServiceCode, counter.Id)));

    /// <summary>available, busy or break as staff set it; closed outside the counter's hours.</summary>
    public static string StatusOf(CatalogCounter counter, FacilityDay day, ServiceCatalog catalog) =>
        catalog.OpenCounters(counter.ServiceCode).Any(c => c.Id == counter.Id) ? day.Counter(counter.Id).Status.Name() : QueueSystem.Contracts.CounterStatuses.Closed;
}
