using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Reports;

public static partial class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/daily", Daily)
            .RequireAuthorization(Policies.Supervisor)
            .WithName("DailyReport")
            .WithSummary("KPIs of a day per service, counter, hour, category of patients, transfers between services and visits (JSON, or CSV with format=csv or Accept: text/csv).");
        return app;
    }

    public static async Task<Results<Ok<DailyReport>, FileContentHttpResult, ProblemHttpResult>> Daily(
        string? date, string? service, int? target, string? format, HttpRequest request,
        DisplayStore store, IOptions<DisplayOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), timeZone).DateTime);
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Bad date", "date must be written yyyy-MM-dd.");
        }

        var targetMinutes = target ?? options.Value.TargetWaitMinutes;
        if (targetMinutes is < 1 or > 1440)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Bad target", "target (minutes) must be between 1 and 1440.");
        }

        var serviceCode = string.IsNullOrWhiteSpace(service) ? null : service.Trim().ToUpperInvariant();
        var history = await store.HistoryAsync(options.Value.FacilityId, day, serviceCode, cancellationToken);
        var report = DailyReport.Compute(day, serviceCode, targetMinutes, history, timeZone);
        var wantsCsv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || request.Headers.Accept.Any(accept => accept?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
        return wantsCsv
            ? TypedResults.File(Csv(report), "text/csv; charset=utf-8", $"report-{day:yyyy-MM-dd}{(serviceCode is null ? "" : "-" + serviceCode)}.csv")
            : TypedResults.Ok(report);
    }

    /// <summary>One table: a row per service, counter, hour and category, with the columns that apply to it filled (Category last, after the older columns).</summary>
    public static byte[] Csv(DailyReport report)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true))
        {
            csv.WriteRecords(Rows(report));
        }

        return stream.ToArray();
    }

    [CsvRecord]
    public sealed partial record CsvRow(
        string Date, string Scope, string Service, int? Counter, int? Hour, int? Joined, int? Called, int? Served, int? NoShows, int? Cancelled,
        double? NoShowRate, double? AverageWaitMinutes, double? ShareOfWaitsAboveTarget, double? AverageServiceMinutes, double? IdleMinutes, int TargetWaitMinutes, string? Category = null,
        string? ToService = null, int? Transfers = null, double? AverageVisitMinutes = null);

    private static IEnumerable<CsvRow> Rows(DailyReport report)
    {
        var date = report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var target = report.TargetWaitMinutes;
        foreach (var s in report.Services)
        {
            yield return new CsvRow(date, "service", s.ServiceCode, null, null, s.Joined, s.Called, s.Served, s.NoShows, s.Cancelled,
                s.NoShowRate, s.AverageWaitMinutes, s.ShareOfWaitsAboveTarget, s.AverageServiceMinutes, null, target);
        }

        foreach (var c in report.Counters)
        {
            yield return new CsvRow(date, "counter", c.ServiceCode, c.CounterId, null, null, null, c.Served, null, null,
                null, null, null, c.AverageServiceMinutes, c.IdleMinutes, target);
        }

        foreach (var h in report.Hours)
        {
            yield return new CsvRow(date, "hour", h.ServiceCode, null, h.Hour, h.Joined, null, h.Served, null, null,
                null, h.AverageWaitMinutes, h.ShareOfWaitsAboveTarget, null, null, target);
        }

        foreach (var m in report.Transfers)
        {
            yield return new CsvRow(date, "transfer", m.FromServiceCode, null, null, null, null, null, null, null,
                null, null, null, null, null, target, ToService: m.ToServiceCode, Transfers: m.Transfers);
        }

        var v = report.Visits;
        yield return new CsvRow(date, "visits", report.ServiceCode ?? "", null, null, v.Visits, null, v.Finished, null, null,
            null, null, null, null, null, target, Transfers: v.Transferred, AverageVisitMinutes: v.AverageVisitMinutes);

        foreach (var k in report.Categories)
        {
            yield return new CsvRow(date, "category", k.ServiceCode, null, null, k.Joined, k.Called, null, null, null,
                null, k.AverageWaitMinutes, k.ShareOfWaitsAboveTarget, null, null, target, k.Category);
        }
    }
}
