using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>Admins manage the services and counters of the facility.</summary>
public static partial class CatalogAdminApi
{
    private static readonly string[] AllWeekDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Left out, <c>PriorityRun</c> and <c>TargetWaitMinutes</c> stay as they were (a new service gets 2 and 30).</summary>
    public sealed record ServiceRequest(string? Code, string? Name, string? Description, string[]? WeekDays, bool? IsActive, int? PriorityRun, int? TargetWaitMinutes);

    /// <summary>
    /// <c>PriorityRun</c>: priority calls at most in a row while a regular patient waits (0: by arrival);
    /// <c>TargetWaitMinutes</c>: after this long a regular patient is called as priority.
    /// </summary>
    public sealed record ServiceView(string Code, string Name, string Description, string[] WeekDays, bool IsActive, int PriorityRun, int TargetWaitMinutes);

    public sealed record CounterRequest(string? Name, string? ServiceCode, string? StartTime, string? EndTime);

    public sealed record CounterView(int Id, string Name, string ServiceCode, string StartTime, string EndTime, string Status);

    /// <summary>
    /// One change to the catalog: <c>Type</c> is service_added, service_changed, counter_added, counter_changed or
    /// categories_changed, with the service, counter or list of categories as it became.
    /// </summary>
    /// <summary>A kiosk in the history: never its token's hash.</summary>
    public sealed record KioskEntry(Guid Id, string? Name);

    public sealed record HistoryEntry(
        DateTimeOffset At, string By, string Type, ServiceView? Service, CatalogCounter? Counter, CategoriesApi.CategoryView[]? Categories = null, KioskEntry? Kiosk = null);

    public static IEndpointRouteBuilder MapCatalogAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin).WithTags("Admin");
        admin.MapGet("/services", ListServices).WithName("ListAdminServices");
        admin.MapPost("/services", CreateService).WithName("CreateService");
        admin.MapPut("/services/{code}", UpdateService).WithName("UpdateService");
        admin.MapGet("/counters", ListCounters).WithName("ListAdminCounters");
        admin.MapPost("/counters", CreateCounter).WithName("CreateCounter");
        admin.MapPut("/counters/{id:int}", UpdateCounter).WithName("UpdateCounter");
        admin.MapGet("/history", History).WithName("CatalogHistory")
            .WithSummary("Who created or changed which service or counter, and when: from and to (ISO-8601) bound the time, both optional.");
        return app;
    }

    public static async Task<Ok<ServiceView[]>> ListServices(CatalogStore catalogStore, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalogStore.CurrentAsync(cancellationToken)).Services.Values.Select(View).ToArray());

    public static async Task<Results<Created<ServiceView>, ValidationProblem, ProblemHttpResult>> CreateService(
        ServiceRequest request, ClaimsPrincipal user, CatalogStore catalogStore, CancellationToken cancellationToken)
    {
        var code = request.Code?.Trim() ?? "";
        var errors = Validate(request);
        if (!ServiceCodePattern().IsMatch(code))
        {
            errors["code"] = ["1 to 10 upper-case letters or digits, starting with a letter."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var service = Entry(code, request, null);
        var outcome = await catalogStore.ChangeAsync(
            (catalog, now) => catalog.Services.ContainsKey(code)
                ? Decision.Reject(RejectionKind.Conflict, $"A service has the code '{code}' already.")
                : Decision.Accept([new ServiceAdded(service, now, user.Actor())]),
            cancellationToken);
        return outcome.Decision.Rejection is { } rejection
            ? ProblemResults.Of(StatusCodes.Status409Conflict, "Duplicate service", rejection.Message)
            : TypedResults.Created($"/api/admin/services/{code}", View(service));
    }

    public static async Task<Results<Ok<ServiceView>, ValidationProblem, ProblemHttpResult>> UpdateService(
        string code, ServiceRequest request, ClaimsPrincipal user, CatalogStore catalogStore, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (request.Code is not null && request.Code.Trim() != code)
        {
            errors["code"] = ["A service's code cannot be changed."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await catalogStore.ChangeAsync(
            (catalog, now) => catalog.Services.TryGetValue(code, out var existing)
                ? Decision.Accept([new ServiceChanged(Entry(code, request, existing), now, user.Actor())])
                : Decision.Reject(RejectionKind.NotFound, $"No service has the code '{code}'."),
            cancellationToken);
        return outcome.Decision.Rejection is { } rejection
            ? ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown service", rejection.Message)
            : TypedResults.Ok(View(outcome.State.Services[code]));
    }

    public static async Task<Ok<CounterView[]>> ListCounters(ServiceCatalog catalog, DayCommands commands, CancellationToken cancellationToken)
    {
        var day = await commands.ReadAsync(cancellationToken); // the catalog comes up to date with the day
        return TypedResults.Ok(catalog.Counters.Select(counter => View(counter, day, catalog)).ToArray());
    }

    public static async Task<Results<Created<CounterView>, ValidationProblem, ProblemHttpResult>> CreateCounter(
        CounterRequest request, ClaimsPrincipal user, CatalogStore catalogStore, ServiceCatalog catalog, ReadSideWait readSide, CancellationToken cancellationToken)
    {
        var errors = Validate(request, await catalogStore.CurrentAsync(cancellationToken));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await catalogStore.ChangeAsync(
            (state, now) => Decision.Accept([new CounterAdded(Entry(state.NextCounterId, request), now, user.Actor())]),
            cancellationToken);
        var counter = outcome.Decision.Events.OfType<CounterAdded>().Single().Counter;
        await readSide.WaitForAsync(outcome.EventId, cancellationToken);
        return TypedResults.Created($"/api/admin/counters/{counter.Id}", View(counter, FacilityDay.Empty(""), catalog));
    }

    public static async Task<Results<Ok<CounterView>, ValidationProblem, ProblemHttpResult>> UpdateCounter(
        int id, CounterRequest request, ClaimsPrincipal user, CatalogStore catalogStore, ServiceCatalog catalog, DayCommands commands, ReadSideWait readSide,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request, await catalogStore.CurrentAsync(cancellationToken));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var day = await commands.ReadAsync(cancellationToken);
        var counter = Entry(id, request);
        var outcome = await catalogStore.ChangeAsync(
            (state, now) =>
            {
                if (!state.Counters.TryGetValue(id, out var existing))
                {
                    return Decision.Reject(RejectionKind.NotFound, $"No counter has the id {id}.");
                }

                // Moved to another service, its patients would be in no line of theirs.
                if (existing.ServiceCode != counter.ServiceCode && (day.CurrentAt(id) is not null || day.LengthOf(new LineId(existing.ServiceCode, id)) > 0))
                {
                    return Decision.Reject(RejectionKind.Conflict, "Patients are waiting at this counter: move them (break) before changing its service.");
                }

                return Decision.Accept([new CounterChanged(counter, now, user.Actor())]);
            },
            cancellationToken);
        if (outcome.Decision.Rejection is { } rejection)
        {
            return rejection.Kind == RejectionKind.NotFound
                ? ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown counter", rejection.Message)
                : ProblemResults.Of(StatusCodes.Status409Conflict, "Counter in use", rejection.Message);
        }

        await readSide.WaitForAsync(outcome.EventId, cancellationToken);
        return TypedResults.Ok(View(counter, day, catalog));
    }

    public static async Task<Results<Ok<HistoryEntry[]>, ProblemHttpResult>> History(
        DateTimeOffset? from, DateTimeOffset? to, Marten.IDocumentStore store, ServiceCatalog catalog, CancellationToken cancellationToken)
    {
        if (from > to)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid period", "from must not be after to.");
        }

        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(catalog.StreamKey, token: cancellationToken);
        var entries = events.Select(e => e.Data switch
            {
                ServiceAdded a => new HistoryEntry(a.At, a.By, "service_added", View(a.Service), null),
                ServiceChanged c => new HistoryEntry(c.At, c.By, "service_changed", View(c.Service), null),
                CounterAdded a => new HistoryEntry(a.At, a.By, "counter_added", null, a.Counter),
                CounterChanged c => new HistoryEntry(c.At, c.By, "counter_changed", null, c.Counter),
                CategoriesChanged c => new HistoryEntry(c.At, c.By, "categories_changed", null, null, [.. c.Categories.Select(CategoriesApi.View)]),
                KioskRegistered k => new HistoryEntry(k.At, k.By, "kiosk_registered", null, null, Kiosk: new KioskEntry(k.Kiosk.Id, k.Kiosk.Name)),
                KioskRevoked k => new HistoryEntry(k.At, k.By, "kiosk_revoked", null, null, Kiosk: new KioskEntry(k.KioskId, null)),
                _ => null,
            })
            .OfType<HistoryEntry>()
            .Where(entry => (from is null || entry.At >= from) && (to is null || entry.At <= to));
        return TypedResults.Ok(entries.ToArray());
    }

    private static Dictionary<string, string[]> Validate(ServiceRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsText(request.Name, 100))
        {
            errors["name"] = ["1 to 100 characters."];
        }

        if (request.Description is { Length: > 500 } || (request.Description is { } description && !PlainText.IsPlain(description)))
        {
            errors["description"] = ["At most 500 characters, without control or invisible formatting characters."];
        }

        if (request.WeekDays is { } days && (days.Length == 0 || days.Any(d => !AllWeekDays.Contains(d, StringComparer.Ordinal))))
        {
            errors["weekDays"] = ["One or more of Mon, Tue, Wed, Thu, Fri, Sat, Sun."];
        }

        if (request.PriorityRun is < 0 or > 10)
        {
            errors["priorityRun"] = ["0 to 10 priority calls in a row (0: priority patients in order of arrival)."];
        }

        if (request.TargetWaitMinutes is < 1 or > 1440)
        {
            errors["targetWaitMinutes"] = ["1 to 1440 minutes."];
        }

        return errors;
    }

    private static Dictionary<string, string[]> Validate(CounterRequest request, CatalogState catalog)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsText(request.Name, 100))
        {
            errors["name"] = ["1 to 100 characters."];
        }

        if (request.ServiceCode is null || !catalog.Services.ContainsKey(request.ServiceCode))
        {
            errors["serviceCode"] = ["The code of an existing service."];
        }

        var start = TimeOf(request.StartTime ?? "00:00", allowMidnightEnd: false);
        var end = TimeOf(request.EndTime ?? "24:00", allowMidnightEnd: true);
        if (start is null || end is null || start >= end)
        {
            errors["startTime"] = ["Opening and closing times are HH:mm (closing may be 24:00), opening first."];
        }

        return errors;
    }

    /// <summary>Minutes after midnight of "HH:mm"; "24:00" only for a closing time.</summary>
    private static int? TimeOf(string text, bool allowMidnightEnd) =>
        allowMidnightEnd && text == "24:00" ? 24 * 60
        : TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? (time.Hour * 60) + time.Minute
        : null;

    private static bool IsText(string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim().Length <= maxLength && PlainText.IsPlain(value);

    /// <param name="existing">The service as it was, whose mixing rules a request that leaves them out keeps.</param>
    private static CatalogService Entry(string code, ServiceRequest request, CatalogService? existing) =>
        new(code, request.Name!.Trim(), request.Description?.Trim() ?? "", [.. request.WeekDays?.Distinct() ?? AllWeekDays], request.IsActive ?? true,
            request.PriorityRun ?? existing?.PriorityRun ?? ServiceRules.Default.PriorityRun,
            request.TargetWaitMinutes ?? existing?.TargetWaitMinutes ?? ServiceRules.Default.TargetWaitMinutes);

    private static CatalogCounter Entry(int id, CounterRequest request) =>
        new(id, request.Name!.Trim(), request.ServiceCode!, request.StartTime ?? "00:00", request.EndTime ?? "24:00");

    private static ServiceView View(CatalogService service) =>
        new(service.Code, service.Name, service.Description, [.. service.WeekDays], service.IsActive, service.PriorityRun, service.TargetWaitMinutes);

    private static CounterView View(CatalogCounter counter, FacilityDay day, ServiceCatalog catalog) =>
        new(counter.Id, counter.Name, counter.ServiceCode, counter.StartTime, counter.EndTime, StaffApi.StatusOf(counter, day, catalog));

    [GeneratedRegex("^[A-Z][A-Z0-9]{0,9}$")]
    private static partial Regex ServiceCodePattern();
}
