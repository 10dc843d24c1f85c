using System.Globalization;
using System.Text.RegularExpressions;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>Admins manage the services and counters of the facility.</summary>
public static partial class CatalogAdminApi
{
    private static readonly string[] AllWeekDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public sealed record ServiceRequest(string? Code, string? Name, string? Description, string[]? WeekDays, bool? IsActive);

    public sealed record ServiceView(string Code, string Name, string Description, string[] WeekDays, bool IsActive);

    public sealed record CounterRequest(string? Name, string? ServiceCode, string? StartTime, string? EndTime);

    public sealed record CounterView(int Id, string Name, string ServiceCode, string StartTime, string EndTime, string Status);

    public static IEndpointRouteBuilder MapCatalogAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin).WithTags("Admin");
        admin.MapGet("/services", ListServices).WithName("ListAdminServices");
        admin.MapPost("/services", CreateService).WithName("CreateService");
        admin.MapPut("/services/{code}", UpdateService).WithName("UpdateService");
        admin.MapGet("/counters", ListCounters).WithName("ListAdminCounters");
        admin.MapPost("/counters", CreateCounter).WithName("CreateCounter");
        admin.MapPut("/counters/{id:int}", UpdateCounter).WithName("UpdateCounter");
        return app;
    }

    public static Ok<ServiceView[]> ListServices(ServiceCatalog catalog) => TypedResults.Ok(catalog.Services.Select(View).ToArray());

    public static async Task<Results<Created<ServiceView>, ValidationProblem, ProblemHttpResult>> CreateService(
        ServiceRequest request, IDocumentStore store, CatalogStore catalogStore, CancellationToken cancellationToken)
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

        var service = Entry(code, request);
        await using var session = store.LightweightSession();
        session.Insert(service);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return ProblemResults.Of(StatusCodes.Status409Conflict, "Duplicate service", $"A service has the code '{code}' already.");
        }

        await catalogStore.RefreshAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/services/{code}", View(service));
    }

    public static async Task<Results<Ok<ServiceView>, ValidationProblem, ProblemHttpResult>> UpdateService(
        string code, ServiceRequest request, IDocumentStore store, ServiceCatalog catalog, CatalogStore catalogStore, CancellationToken cancellationToken)
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

        if (catalog.FindService(code) is null)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown service", $"No service has the code '{code}'.");
        }

        var service = Entry(code, request);
        await using var session = store.LightweightSession();
        session.Store(service);
        await session.SaveChangesAsync(cancellationToken);
        await catalogStore.RefreshAsync(cancellationToken);
        return TypedResults.Ok(View(service));
    }

    public static async Task<Ok<CounterView[]>> ListCounters(ServiceCatalog catalog, DayStreams streams, CancellationToken cancellationToken)
    {
        var day = await streams.ReadAsync(cancellationToken);
        return TypedResults.Ok(catalog.Counters.Select(counter => View(counter, day, catalog)).ToArray());
    }

    public static async Task<Results<Created<CounterView>, ValidationProblem, ProblemHttpResult>> CreateCounter(
        CounterRequest request, IDocumentStore store, ServiceCatalog catalog, CatalogStore catalogStore, CancellationToken cancellationToken)
    {
        var errors = Validate(request, catalog);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var session = store.LightweightSession();
            var existing = await session.Query<CatalogOptions.CounterEntry>().ToListAsync(cancellationToken);
            var lastId = existing.Select(c => c.Id).DefaultIfEmpty(0).Max();
            var counter = Entry(lastId + 1, request);
            session.Insert(counter);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (DocumentAlreadyExistsException)
            {
                continue; // another admin took that id at the same moment
            }

            await catalogStore.RefreshAsync(cancellationToken);
            return TypedResults.Created($"/api/admin/counters/{counter.Id}", View(counter, FacilityDay.Empty(""), catalog));
        }

        throw new ContendedException();
    }

    public static async Task<Results<Ok<CounterView>, ValidationProblem, ProblemHttpResult>> UpdateCounter(
        int id, CounterRequest request, IDocumentStore store, ServiceCatalog catalog, CatalogStore catalogStore, DayStreams streams, CancellationToken cancellationToken)
    {
        var errors = Validate(request, catalog);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (catalog.FindCounter(id) is not { } existing)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown counter", $"No counter has the id {id}.");
        }

        if (existing.ServiceCode != request.ServiceCode)
        {
            var day = await streams.ReadAsync(cancellationToken);
            if (day.CurrentAt(id) is not null || day.LengthOf(new LineId(existing.ServiceCode, id)) > 0)
            {
                return ProblemResults.Of(StatusCodes.Status409Conflict, "Counter in use", "Patients are waiting at this counter: move them (break) before changing its service.");
            }
        }

        var counter = Entry(id, request);
        await using var session = store.LightweightSession();
        session.Store(counter);
        await session.SaveChangesAsync(cancellationToken);
        await catalogStore.RefreshAsync(cancellationToken);
        return TypedResults.Ok(View(counter, await streams.ReadAsync(cancellationToken), catalog));
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

        return errors;
    }

    private static Dictionary<string, string[]> Validate(CounterRequest request, ServiceCatalog catalog)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsText(request.Name, 100))
        {
            errors["name"] = ["1 to 100 characters."];
        }

        if (request.ServiceCode is null || catalog.FindService(request.ServiceCode) is null)
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

    private static CatalogOptions.ServiceEntry Entry(string code, ServiceRequest request) => new()
    {
        Code = code,
        Name = request.Name!.Trim(),
        Description = request.Description?.Trim() ?? "",
        WeekDays = [.. request.WeekDays?.Distinct() ?? AllWeekDays],
        IsActive = request.IsActive ?? true,
    };

    private static CatalogOptions.CounterEntry Entry(int id, CounterRequest request) => new()
    {
        Id = id,
        Name = request.Name!.Trim(),
        ServiceCode = request.ServiceCode!,
        StartTime = request.StartTime ?? "00:00",
        EndTime = request.EndTime ?? "24:00",
    };

    private static ServiceView View(CatalogOptions.ServiceEntry service) =>
        new(service.Code, service.Name, service.Description, [.. service.WeekDays], service.IsActive);

    private static CounterView View(CatalogOptions.CounterEntry counter, FacilityDay day, ServiceCatalog catalog) =>
        new(counter.Id, counter.Name, counter.ServiceCode, counter.StartTime, counter.EndTime, StaffApi.StatusOf(counter, day, catalog));

    [GeneratedRegex("^[A-Z][A-Z0-9]{0,9}$")]
    private static partial Regex ServiceCodePattern();
}
