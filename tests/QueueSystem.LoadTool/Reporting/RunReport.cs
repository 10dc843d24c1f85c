using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QueueSystem.LoadTool.Reporting;

/// <summary>Latencies of one kind of request, in milliseconds.</summary>
public sealed record LatencyFigures(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencyFigures Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double share) => sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)], 1);
        return new(sorted.Count, At(0.50), At(0.95), At(0.99), sorted.Count == 0 ? 0 : Math.Round(sorted[^1], 1));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {P50} ms, p95 {P95} ms, p99 {P99} ms, max {Max} ms ({Count})");
}

/// <summary>What a scenario's target is checked against: answers, good answers per second, latency, errors, CPU-ms per answer in all.</summary>
public sealed record ScenarioFigures(long Answered, double Throughput, LatencyFigures Latency, long Errors, double CpuMsPerRequest);

/// <summary>What one scenario did, set against its target.</summary>
public sealed record ScenarioResult(
    string Scenario, string Target, bool Met, double DurationSeconds, long Requests, long Errors,
    double ThroughputPerSecond, LatencyFigures Latency, IReadOnlyDictionary<string, long> ErrorsByKind, string Notes,
    IReadOnlyList<ProcessCost> Costs);

/// <summary>
/// What one process spent on a scenario: its CPU while the load ran (% of one core), and its CPU per
/// answered request counting the work it finished after the load stopped (events still being relayed and
/// applied), which is what a sustained rate would cost; and its peak resident memory (PSS) from the scenario's start until
/// the machine settled after it (0 in reports written before it was measured).
/// </summary>
public sealed record ProcessCost(string Process, double CpuPercentDuringLoad, double CpuMsPerRequest, long PeakResidentMb = 0)
{
    public static IReadOnlyList<ProcessCost> Between(
        IReadOnlyDictionary<string, double> start, IReadOnlyDictionary<string, double> loadEnd, IReadOnlyDictionary<string, double> settled,
        double loadSeconds, long requests, IReadOnlyDictionary<string, long> peaksMb) =>
        [.. settled.Keys.Order(StringComparer.Ordinal).Select(process => new ProcessCost(
            process,
            Math.Round(100 * (loadEnd.GetValueOrDefault(process) - start.GetValueOrDefault(process)) / Math.Max(loadSeconds, 0.001), 1),
            Math.Round(1000 * (settled[process] - start.GetValueOrDefault(process)) / Math.Max(requests, 1), 2),
            peaksMb.GetValueOrDefault(process)))];
}

/// <summary>
/// The report of a run, as markdown for people and JSON for tools: the scenarios, the processes' CPU and
/// memory, the machine and the command line that produced it.
/// </summary>
public sealed record RunReport(
    DateTimeOffset At, string CommandLine, int Cores, string LoadAverageBefore, string LoadAverageAfter,
    IReadOnlyList<ScenarioResult> Scenarios, IReadOnlyList<ProcessFigures> Processes, Scenarios.PgbenchResult? Pgbench, string? Settings = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    // Where each process would run in a bigger deployment; anything else only measures or orchestrates this run.
    private static readonly string[] WritePath = ["Gateway", "Identity", "Queue", "Notification", "postgres", "beam.smp"];
    private static readonly string[] ReadSide = ["Display", "mariadbd", "redis-server"];

    /// <summary>A report written before, to render again.</summary>
    public static async Task<RunReport> ReadAsync(string directory) =>
        JsonSerializer.Deserialize<RunReport>(await File.ReadAllTextAsync(Path.Combine(directory, "latest.json")), Json)
        ?? throw new InvalidDataException("The report is empty.");

    /// <summary>The QMS_ settings exported for the run, secrets left out.</summary>
    public static string SystemSettings() => string.Join(' ', Environment.GetEnvironmentVariables().Keys.Cast<string>()
        .Where(k => k.StartsWith("QMS_", StringComparison.Ordinal) && !k.Contains("PASSWORD", StringComparison.Ordinal) && !k.Contains("KEY", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}"));

    public async Task WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"), JsonSerializer.Serialize(this, Json));
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), Markdown());
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"# Load report, {At:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine(invariant, $"Command: `{CommandLine}`  ").AppendLine(invariant, $"System settings in this tool's environment (start ./run.sh with the same): `{Settings ?? SystemSettings()}`  ");
        text.AppendLine(invariant, $"Machine: {Cores} cores; load average before {LoadAverageBefore}, after {LoadAverageAfter}; the whole system and this tool on the same machine.").AppendLine();
        text.AppendLine("| scenario | target | met | requests | errors | throughput/s | p50 ms | p95 ms | p99 ms | max ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in Scenarios)
        {
            text.AppendLine(invariant, $"| {s.Scenario} | {s.Target} | {(s.Met ? "yes" : "**no**")} | {s.Requests} | {s.Errors} | {s.ThroughputPerSecond:F0} | {s.Latency.P50} | {s.Latency.P95} | {s.Latency.P99} | {s.Latency.Max} |");
        }

        text.AppendLine();
        if (Pgbench is { } pgbench)
        {
            var joins = Scenarios.Where(s => s.Scenario.Contains("join", StringComparison.Ordinal)).Select(s => s.ThroughputPerSecond).DefaultIfEmpty(0).Max();
            text.AppendLine(invariant, $"PostgreSQL alone, same machine, same session: **{pgbench.InsertsPerSecond:F0} durable single-row inserts/s** (`{pgbench.Command}`); the best join rate above is {joins:F0}/s, **{100 * joins / pgbench.InsertsPerSecond:F1} %** of it.").AppendLine();
        }

        Limits(text);
        foreach (var s in Scenarios.Where(s => s.ErrorsByKind.Count > 0 || s.Notes.Length > 0))
        {
            var errors = string.Join(", ", s.ErrorsByKind.Select(e => $"{e.Key} × {e.Value}"));
            text.AppendLine(invariant, $"- {s.Scenario}: {s.Notes} {errors}");
        }

        foreach (var s in Scenarios.Where(s => s.Costs.Count > 0))
        {
            text.AppendLine().AppendLine(invariant, $"CPU in \"{s.Scenario}\" (total {s.Costs.Sum(c => c.CpuMsPerRequest):F2} ms per request; the machine has {Cores * 1000} ms per second):").AppendLine();
            text.AppendLine("| process | CPU during the load (% of one core) | CPU ms per request, aftermath included | peak resident MB (PSS) in this scenario |").AppendLine("|---|---|---|---|");
            foreach (var c in s.Costs.Where(c => c.CpuMsPerRequest >= 0.01 || c.PeakResidentMb > 0))
            {
                text.AppendLine(invariant, $"| {c.Process} | {c.CpuPercentDuringLoad} | {c.CpuMsPerRequest} | {c.PeakResidentMb} |");
            }
        }

        text.AppendLine().AppendLine("| process | average CPU (% of one core) | peak resident MB (PSS) | last resident MB (PSS) |").AppendLine("|---|---|---|---|");
        foreach (var p in Processes)
        {
            text.AppendLine(invariant, $"| {p.Process} | {p.AverageCpuPercentOfOneCore} | {p.PeakResidentMb} | {p.LastResidentMb} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// For each target not met, the CPU limit of this machine in figures: the CPU a request costs in all, the
    /// rate that caps, and what the write path and the read side would carry each on a node of this size.
    /// </summary>
    private void Limits(StringBuilder text)
    {
        var missed = Scenarios.Where(s => !s.Met && s.Costs.Count > 0).ToList();
        if (missed.Count == 0)
        {
            return;
        }

        var invariant = CultureInfo.InvariantCulture;
        var budget = Cores * 1000.0;
        text.AppendLine(invariant, $"Where a target is not met, this machine's CPU is the limit: it has {budget:F0} CPU-ms per second for everything, the load generator included.").AppendLine();
        foreach (var s in missed)
        {
            // Per good answer: the refusals' (small) cost is carried by the requests that were served.
            var perGood = (double)s.Requests / Math.Max(1, s.Requests - s.Errors);
            double Of(string[] group) => perGood * s.Costs.Where(c => group.Any(g => c.Process.StartsWith(g, StringComparison.Ordinal))).Sum(c => c.CpuMsPerRequest);
            var total = perGood * s.Costs.Sum(c => c.CpuMsPerRequest);
            var (write, read) = (Of(WritePath), Of(ReadSide));
            text.AppendLine(invariant,
                $"- {s.Scenario}: {total:F1} CPU-ms per good answer in all, so at most **{budget / total:F0}/s** sustained here at full use (latency grows long before that; a burst goes faster while screens fall behind and catch up after). " +
                $"Write path (gateway, Queue, PostgreSQL, RabbitMQ, Identity, Notification) {write:F1} ms: **{budget / write:F0}/s** on a node of {Cores} cores of its own; " +
                $"read side (Display, MariaDB, Redis) {read:F1} ms: {budget / read:F0}/s on another; the rest ({total - write - read:F1} ms) is this tool, the dashboard and the orchestrator.");
        }

        text.AppendLine().AppendLine(
            "A bigger deployment adds nodes where the figures point: Queue instances behind YARP (each decides on the event store's " +
            "version, and groups a busy service's commands into one write), the read side on nodes of its own (Display instances " +
            "share the events through RabbitMQ and their clients through Redis), PostgreSQL and MariaDB on cores of their own.").AppendLine();
    }
}
