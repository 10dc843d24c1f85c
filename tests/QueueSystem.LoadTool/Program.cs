using System.Globalization;
using QueueSystem.LoadTool.Reporting;
using QueueSystem.LoadTool.Scenarios;

// Load against a running system (./run.sh with QMS_SIGNIN_RATE_LIMIT and QMS_LIVE_CONNECTIONS_PER_ADDRESS raised), figures printed and written
// to a report, never asserted. The admin password comes from QMS_ADMIN_PASSWORD. From the repository's folder:
//   dotnet tests/QueueSystem.LoadTool/bin/Debug/net10.0/QueueSystem.LoadTool.dll report [gateway] [seconds]
//   … join-rate [gateway] [seconds] [rate] [services]     one join scenario
//   … calls [gateway] [services] | live-calls [gateway] [clients] [calls per second] | pgbench
//   … otp-latency [gateway] [count]
//   … render     the latest report written again from its JSON
var command = args.ElementAtOrDefault(0);
var gateway = new Uri(args.ElementAtOrDefault(1) ?? "http://127.0.0.1:8080");
var number = int.Parse(args.ElementAtOrDefault(2) ?? "0", CultureInfo.InvariantCulture);
return command switch
{
    "report" => await ReportAsync(gateway, number > 0 ? number : 60, args),
    "render" => await RenderAsync(),
    "join-rate" => await JoinRateAsync(gateway, number > 0 ? number : 20, args),
    "calls" => await ResultAsync(sampler => Calls.RunAsync(gateway, sampler, number > 0 ? number : 50, 40)),
    "live-calls" => await ResultAsync(sampler => LiveCalls.RunAsync(gateway, sampler, number > 0 ? number : 5000, 10, int.Parse(args.ElementAtOrDefault(3) ?? "2", CultureInfo.InvariantCulture), 30)),
    "pgbench" => await Pgbench.RunAsync(20) is null ? 1 : 0,
    "otp-latency" => await OtpLatency.RunAsync(gateway, number > 0 ? number : 200),
    _ => Usage(),
};

static string ReportsDirectory() => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "reports");

// The latest report written again from its JSON, as this version of the tool renders it.
static async Task<int> RenderAsync()
{
    var written = await RunReport.ReadAsync(ReportsDirectory());
    var report = written with { Settings = written.Settings ?? RunReport.SystemSettings() };
    await report.WriteAsync(ReportsDirectory());
    Console.WriteLine(report.Markdown());
    return 0;
}

// Every target of DESIGN.md, one scenario after another, pgbench for comparison, then the report.
static async Task<int> ReportAsync(Uri gateway, int seconds, string[] args)
{
    var before = Machine.LoadAverage();
    var results = new List<ScenarioResult>();
    await using (var sampler = new ProcessSampler())
    {
        // Not measured: a system just started compiles its code on the first requests, which no sustained rate pays for.
        Console.WriteLine("warm-up, not measured:");
        await Joins.TryAsync(gateway, sampler, "warm-up", "", 0, 10, 10, _ => true);
        results.Add(await Joins.TryAsync(gateway, sampler, "joins, closed loop over 50 services", "≤ 2.0 CPU-ms per join, zero errors", 0, seconds, 50, f => f.CpuMsPerRequest <= 2.0 && f.Errors == 0));
        results.Add(await Joins.TryAsync(gateway, sampler, "join latency at 200/s", "p99 ≤ 50 ms", 200, seconds, 50, f => f.Latency.P99 <= 50 && f.Errors == 0));
        results.Add(await Joins.TryAsync(gateway, sampler, "joins, many services", "≥ 1,000/s for 60 s, zero errors", 1000, seconds, 100,
            f => f.Answered >= 1000L * seconds && f.Errors == 0)); // every join offered at 1,000/s answered well: the last answer's latency is no shortfall
        results.Add(await Joins.TryAsync(gateway, sampler, "joins, one service", "≥ 800/s", 0, Math.Min(seconds, 6), 1, f => f.Throughput >= 800 && f.Errors == 0));
        results.Add(await Calls.RunAsync(gateway, sampler, services: 50, patientsPerService: 40));
        // Two calls a second is 7,200 an hour, more than the busiest hospital's busiest hour; each reaches 500 clients.
        results.Add(await LiveCalls.RunAsync(gateway, sampler, clients: 5000, services: 10, callsPerSecond: 2, seconds: Math.Min(seconds, 30)));
        var pgbench = await Pgbench.RunAsync(20);
        var report = new RunReport(DateTimeOffset.UtcNow, "QueueSystem.LoadTool " + string.Join(' ', args), Environment.ProcessorCount, before, Machine.LoadAverage(), results, sampler.Figures(), pgbench, RunReport.SystemSettings());
        var directory = ReportsDirectory();
        await report.WriteAsync(directory);
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        Console.WriteLine($"Report: {Path.GetFullPath(directory)}/latest.md and latest.json");
    }

    return results.All(r => r.Met) ? 0 : 1;
}

// One join scenario for profiling: join-rate [gateway] [seconds] [rate per second, 0 = as fast as it answers] [services]; printed only.
static async Task<int> JoinRateAsync(Uri gateway, int seconds, string[] args)
{
    var rate = int.Parse(args.ElementAtOrDefault(3) ?? "300", CultureInfo.InvariantCulture);
    var services = int.Parse(args.ElementAtOrDefault(4) ?? "50", CultureInfo.InvariantCulture);
    await using var sampler = new ProcessSampler();
    var result = await Joins.TryAsync(gateway, sampler, "join-rate", "", rate, seconds, services, _ => true);
    return result.Errors == 0 ? 0 : 1;
}

// One scenario alone, printed only.
static async Task<int> ResultAsync(Func<ProcessSampler, Task<ScenarioResult>> scenario)
{
    await using var sampler = new ProcessSampler();
    return (await scenario(sampler)).Met ? 0 : 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: report [gateway-url] [seconds] | render | join-rate [gateway-url] [seconds] [rate] [services] | calls [gateway-url] [services] | live-calls [gateway-url] [clients] [calls per second] | pgbench | otp-latency [gateway-url] [count]");
    return 2;
}
