using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QueueSystem.LoadTool.Reporting;

namespace QueueSystem.LoadTool.Scenarios;

/// <summary>
/// Staff at many counters calling their next patient (<c>POST /staff/serve_next/</c>) as fast as the
/// system answers, one call in flight per counter, until every line is empty.
/// </summary>
public static class Calls
{
    public static async Task<ScenarioResult> RunAsync(Uri gateway, ProcessSampler sampler, int services, int patientsPerService)
    {
        const string name = "serve_next from many counters";
        Console.WriteLine($"{name}: {services * 2} counters, {patientsPerService} patients per service");
        var clinic = await Clinic.OpenAsync(gateway, services, countersPerService: 2, patientsPerService);
        // The first calls after a start compile the call path in every process it crosses (the Queue's, Display's,
        // Notification's): a few services' lines are called through first, unmeasured, so the figure is a call's cost
        // in a running day, not the one-time cost of a start.
        var warmUp = await Clinic.OpenAsync(gateway, WarmUpServices, countersPerService: 2, patientsPerService);
        using var http = Clinic.LoadClient(gateway);
        await warmUp.JoinEveryoneAsync(http);
        await CallEveryoneAsync(warmUp, http, measured: null);
        await clinic.JoinEveryoneAsync(http);
        await Machine.SettleAsync();

        var measured = new Measurement(sampler);
        using (Progress.Every(TimeSpan.FromSeconds(1), () => $"  {measured.Clock.Elapsed.TotalSeconds,5:F0} s  calls {measured.Answered}  errors {measured.Errors}"))
        {
            await CallEveryoneAsync(clinic, http, measured);
        }

        return await measured.FinishAsync(name, "≤ 4 CPU-ms per call, zero errors", figures => figures.Errors == 0 && figures.CpuMsPerRequest <= 4,
            $"{services} services × 2 counters, {patientsPerService} patients each, one call in flight per counter, after {WarmUpServices} services' lines called through unmeasured.");
    }

    private const int WarmUpServices = 25;

    /// <summary>Every counter calls its next patient, one call in flight each, until its line is empty; timed when <paramref name="measured"/> is given.</summary>
    private static Task CallEveryoneAsync(Clinic clinic, HttpClient http, Measurement? measured) =>
        Task.WhenAll(clinic.Counters.Select(async counter =>
        {
            for (var called = true; called;)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = clinic.ServeNext(counter.Counter);
                try
                {
                    using var response = await http.SendAsync(request);
                    measured?.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Failed(measured, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                        return;
                    }

                    // The last call of a line finishes its patient and calls nobody.
                    called = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("called").ValueKind == JsonValueKind.Object;
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    measured?.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Failed(measured, error.GetType().Name);
                    return;
                }
            }
        }));

    /// <summary>A failed call counts as an error of the measured run; in the warm-up it stops the scenario.</summary>
    private static void Failed(Measurement? measured, string kind) =>
        (measured ?? throw new InvalidOperationException($"A warm-up call failed ({kind}).")).Error(kind);
}
