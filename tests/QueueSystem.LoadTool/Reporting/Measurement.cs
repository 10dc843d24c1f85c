using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace QueueSystem.LoadTool.Reporting;

/// <summary>
/// The figures of one scenario while it runs: a clock, each request's latency, errors by kind, and the
/// processes' CPU from its start; <see cref="FinishAsync"/> turns them into the scenario's result.
/// </summary>
public sealed class Measurement(ProcessSampler sampler)
{
    private readonly ConcurrentQueue<double> latencies = new();
    private readonly ConcurrentDictionary<string, long> errors = new();
    private readonly IReadOnlyDictionary<string, double> cpuAtStart = StartWindow(sampler);
    private long answered;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>The CPU each process has used so far, memory peaks counted for this scenario from now.</summary>
    private static IReadOnlyDictionary<string, double> StartWindow(ProcessSampler sampler)
    {
        sampler.StartWindow();
        return sampler.CpuSecondsNow();
    }

    public long Answered => Interlocked.Read(ref answered);

    public long Errors => errors.Values.Sum();

    /// <summary>A request answered (well or not) after <paramref name="milliseconds"/>.</summary>
    public void Record(double milliseconds)
    {
        latencies.Enqueue(milliseconds);
        Interlocked.Increment(ref answered);
    }

    public void Error(string kind) => errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void Error(int status) => Error(status.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The result, once the load has stopped: throughput of good answers, latency, errors, and each
    /// process's CPU (during the load, and per answer counting the work finished after it, once the
    /// machine has settled).
    /// </summary>
    /// <param name="met">Whether the target is met, from the throughput of good answers, the latency, the errors and the CPU-ms per answer.</param>
    public async Task<ScenarioResult> FinishAsync(string name, string target, Func<ScenarioFigures, bool> met, string notes)
    {
        var duration = Clock.Elapsed.TotalSeconds;
        var cpuAtEnd = sampler.CpuSecondsNow();
        var figures = LatencyFigures.Of(latencies);
        var errorCount = Errors;
        var throughput = (Answered - errorCount) / duration;
        Console.WriteLine($"  {Answered} answered in {duration:F1} s: {throughput:F0}/s, {errorCount} errors; {figures}");
        await Machine.SettleAsync();
        var costs = ProcessCost.Between(cpuAtStart, cpuAtEnd, sampler.CpuSecondsNow(), duration, Answered, sampler.WindowPeaksMb());
        Console.WriteLine("  CPU ms per answer: " + string.Join(", ", costs.Where(c => c.CpuMsPerRequest >= 0.01).Select(c => $"{c.Process} {c.CpuMsPerRequest}")) + $"; total {costs.Sum(c => c.CpuMsPerRequest):F2}");
        var figuresMet = met(new ScenarioFigures(Answered, throughput, figures, errorCount, costs.Sum(c => c.CpuMsPerRequest)));
        return new ScenarioResult(name, target, figuresMet, Math.Round(duration, 1), Answered, errorCount,
            Math.Round(throughput, 1), figures, new SortedDictionary<string, long>(errors), notes, costs);
    }
}
