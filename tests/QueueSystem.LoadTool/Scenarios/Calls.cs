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
        using var http = Clinic.LoadClient(gateway);
        await clinic.JoinEveryoneAsync(http);
        await Machine.SettleAsync();

        var measured = new Measurement(sampler);
        using (Progress.Every(TimeSpan.FromSeconds(1), () => $"  {measured.Clock.Elapsed.TotalSeconds,5:F0} s  calls {measured.Answered}  errors {measured.Errors}"))
        {
            await Task.WhenAll(clinic.Counters.Select(async counter =>
            {
                for (var called = true; called;)
                {
                    var started = measured.Clock.Elapsed;
                    using var request = clinic.ServeNext(counter.Counter);
                    try
                    {
                        using var response = await http.SendAsync(request);
                        measured.Record((measured.Clock.Elapsed - started).TotalMilliseconds);
                        if (!response.IsSuccessStatusCode)
                        {
                            measured.Error((int)response.StatusCode);
                            return;
                        }

                        // The last call of a line finishes its patient and calls nobody.
                        called = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("called").ValueKind == JsonValueKind.Object;
                    }
                    catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                    {
                        measured.Record((measured.Clock.Elapsed - started).TotalMilliseconds);
                        measured.Error(error.GetType().Name);
                        return;
                    }
                }
            }));
        }

        return await measured.FinishAsync(name, "≤ 4 CPU-ms per call, zero errors", figures => figures.Errors == 0 && figures.CpuMsPerRequest <= 4,
            $"{services} services × 2 counters, {patientsPerService} patients each, one call in flight per counter.");
    }
}
