using System.Net.Http.Headers;
using QueueSystem.LoadTool.Reporting;

namespace QueueSystem.LoadTool.Scenarios;

/// <summary>
/// Patients taking tickets through the gateway (<c>POST /join_queue/</c>): at a fixed rate, open loop (each
/// request starts at its scheduled moment whether or not earlier ones have answered, and its latency counts
/// from that moment, so a stalled system cannot hide its queueing), or as fast as the system answers
/// (<paramref name="rate"/> 0: closed loop with a fixed number of clients).
/// </summary>
public static class Joins
{
    private const int ClosedLoopClients = 64;

    /// <summary>The fastest the closed loop is expected to go, for enough patients: each holds one ticket per service a day.</summary>
    private const int ClosedLoopCeiling = 1200;

    /// <summary>Runs the scenario; one that cannot even be set up is reported as not met, with the reason, and the run goes on.</summary>
    public static async Task<ScenarioResult> TryAsync(
        Uri gateway, ProcessSampler sampler, string name, string target, int rate, int seconds, int services, Func<ScenarioFigures, bool> met)
    {
        try
        {
            return await RunAsync(gateway, sampler, name, target, rate, seconds, services, met);
        }
        catch (HttpRequestException error)
        {
            Console.WriteLine($"  {name}: stopped in setup: {error.Message}");
            return new ScenarioResult(name, target, false, 0, 0, 0, 0, LatencyFigures.Of([]), new Dictionary<string, long>(), $"Stopped in setup: {error.Message}", []);
        }
    }

    public static async Task<ScenarioResult> RunAsync(Uri gateway, ProcessSampler sampler, string name, string target, int rate, int seconds, int services, Func<ScenarioFigures, bool> met)
    {
        // A patient holds one ticket per service a day: enough patients for every join.
        var expected = (long)(rate > 0 ? rate : ClosedLoopCeiling) * seconds;
        var patients = (int)Math.Ceiling(expected * 1.05 / services);
        Console.WriteLine($"{name}: {(rate > 0 ? $"{rate}/s" : "as fast as it answers")} for {seconds} s over {services} services");
        var clinic = await Clinic.OpenAsync(gateway, services, countersPerService: 2, patients);
        await Machine.SettleAsync();
        var pairs = (long)patients * services;

        using var http = Clinic.LoadClient(gateway);
        var measured = new Measurement(sampler);
        long sent = 0;
        var end = TimeSpan.FromSeconds(seconds);

        async Task JoinAsync(long index, TimeSpan scheduled)
        {
            Interlocked.Increment(ref sent);
            var service = clinic.ServiceCodes[(int)(index % services)];
            var patient = clinic.PatientTokens[(int)(index / services)];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/join_queue/") { Content = new StringContent($$"""{"serviceCode":"{{service}}"}""", System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", patient);
                using var response = await http.SendAsync(request);
                if ((int)response.StatusCode != 201)
                {
                    measured.Error((int)response.StatusCode);
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                measured.Error(error.GetType().Name);
            }

            measured.Record((measured.Clock.Elapsed - scheduled).TotalMilliseconds);
        }

        using (Progress.Every(TimeSpan.FromSeconds(1), () =>
            $"  {measured.Clock.Elapsed.TotalSeconds,5:F0} s  sent {Interlocked.Read(ref sent)}  answered {measured.Answered}  errors {measured.Errors}  in flight {Interlocked.Read(ref sent) - measured.Answered}"))
        {
            var running = new List<Task>();
            if (rate > 0)
            {
                for (long i = 0; i < Math.Min(expected, pairs); i++)
                {
                    var scheduled = TimeSpan.FromSeconds((double)i / rate);
                    var early = scheduled - measured.Clock.Elapsed;
                    if (early > TimeSpan.FromMilliseconds(2))
                    {
                        await Task.Delay(early);
                    }

                    running.Add(JoinAsync(i, scheduled));
                }
            }
            else
            {
                long next = -1;
                running.AddRange(Enumerable.Range(0, ClosedLoopClients).Select(async _ =>
                {
                    for (var i = Interlocked.Increment(ref next); i < pairs && measured.Clock.Elapsed < end; i = Interlocked.Increment(ref next))
                    {
                        await JoinAsync(i, measured.Clock.Elapsed);
                    }
                }));
            }

            await Task.WhenAll(running);
        }

        return await measured.FinishAsync(name, target, met, $"{services} services × 2 counters, {patients} patients signed in by SMS code.");
    }
}
