using System.Globalization;

namespace QueueSystem.LoadTool.Reporting;

/// <summary>
/// CPU and resident memory of the system's processes while a scenario runs, read from /proc: CPU once a
/// second, each process's memory every ten seconds, a tenth of the processes each second (reading a memory
/// map costs real CPU: all of them at once took 100–300 ms of a core, a stall that showed in the latency of
/// whatever the system was doing then): each service (by the name of its program), each server (all
/// processes of one name summed) and this tool itself.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private static readonly string[] Services = ["Identity", "Queue", "Notification", "Display", "Gateway", "AppHost", "Aspire.Dashboard"];
    private static readonly string[] Servers = ["postgres", "mariadbd", "beam.smp", "redis-server", "dcp"];
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly Dictionary<string, (double CpuSeconds, long PeakRssKb, long LastRssKb)> totals = [];
    private readonly Dictionary<string, long> windowPeakKb = [];
    private readonly Dictionary<int, double> lastCpu = [];
    private readonly Dictionary<int, (string Name, long Kb)> lastMemory = [];
    private readonly Dictionary<(int Pid, string Started), string?> names = [];
    private int samples;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private readonly DateTime started = DateTime.UtcNow;

    public ProcessSampler() => sampling = SampleAsync();

    /// <summary>Per process name: average CPU in % of one core over the run, peak and last resident memory (PSS) in MB.</summary>
    public IReadOnlyList<ProcessFigures> Figures()
    {
        var seconds = Math.Max(1, (DateTime.UtcNow - started).TotalSeconds);
        lock (totals)
        {
            return [.. totals.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new ProcessFigures(t.Key, Math.Round(100 * t.Value.CpuSeconds / seconds, 1), t.Value.PeakRssKb / 1024, t.Value.LastRssKb / 1024))];
        }
    }

    /// <summary>CPU seconds each process has used since sampling began, read now.</summary>
    public IReadOnlyDictionary<string, double> CpuSecondsNow()
    {
        Sample(memoryOf: _ => false);
        lock (totals)
        {
            return totals.ToDictionary(t => t.Key, t => t.Value.CpuSeconds);
        }
    }

    /// <summary>Starts a scenario's memory window: its peaks are taken from now on, starting from each process's memory as last read.</summary>
    public void StartWindow()
    {
        lock (totals)
        {
            windowPeakKb.Clear();
        }
    }

    /// <summary>Per process name, the peak resident memory (PSS, MB) since <see cref="StartWindow"/>, every process's memory read once more now.</summary>
    public IReadOnlyDictionary<string, long> WindowPeaksMb()
    {
        Sample(memoryOf: _ => true);
        lock (totals)
        {
            return windowPeakKb.ToDictionary(p => p.Key, p => p.Value / 1024);
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                var slice = samples++ % 10;
                Sample(memoryOf: pid => pid % 10 == slice);
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <param name="memoryOf">Whose memory to read now; the others keep what was last read of them.</param>
    private void Sample(Func<int, bool> memoryOf)
    {
        lock (lastCpu)
        {
            SampleOnce(memoryOf);
        }
    }

    private void SampleOnce(Func<int, bool> memoryOf)
    {
        var running = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // Names are read once per process (a pid is known by its start time, as pids are reused).
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (!names.TryGetValue((pid, fields[19]), out var name))
                {
                    name = names[(pid, fields[19])] = NameOf(pid);
                    lastCpu.Remove(pid);
                }

                if (name is null)
                {
                    continue;
                }

                var cpu = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                if (memoryOf(pid) || !lastMemory.TryGetValue(pid, out var known) || known.Name != name)
                {
                    lastMemory[pid] = (name, ProportionalResidentKb(pid));
                }

                running.Add(pid);
                var delta = lastCpu.TryGetValue(pid, out var previous) ? cpu - previous : 0;
                lastCpu[pid] = cpu;
                lock (totals)
                {
                    var current = totals.GetValueOrDefault(name);
                    totals[name] = current with { CpuSeconds = current.CpuSeconds + delta };
                }
            }
            catch (IOException)
            {
                // The process ended between listing and reading.
            }
        }

        foreach (var ended in lastMemory.Keys.Where(pid => !running.Contains(pid)).ToList())
        {
            lastMemory.Remove(ended);
        }

        var rssByName = lastMemory.Values.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Sum(m => m.Kb));
        lock (totals)
        {
            foreach (var (name, rss) in rssByName)
            {
                var current = totals.GetValueOrDefault(name);
                totals[name] = current with { PeakRssKb = Math.Max(current.PeakRssKb, rss), LastRssKb = rss };
                windowPeakKb[name] = Math.Max(windowPeakKb.GetValueOrDefault(name), rss);
            }
        }
    }

    /// <summary>
    /// Resident memory with pages shared between processes divided among them (PSS), so the many processes
    /// of one server add up to what they really hold rather than counting shared buffers once each.
    /// </summary>
    private static long ProportionalResidentKb(int pid)
    {
        var source = File.Exists($"/proc/{pid}/smaps_rollup") ? $"/proc/{pid}/smaps_rollup" : $"/proc/{pid}/status";
        var line = File.ReadLines(source).FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal) || l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>A service by its program's name and pid (two Display instances run), a server by its command (its processes summed), or this tool.</summary>
    private static string? NameOf(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return "load-tool";
        }

        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (arguments.Length == 0)
            {
                return null;
            }

            var program = Path.GetFileName(arguments[0] == "dotnet" || arguments[0].EndsWith("/dotnet", StringComparison.Ordinal) ? arguments.ElementAtOrDefault(1) ?? "" : arguments[0]);
            program = program.EndsWith(".dll", StringComparison.Ordinal) ? program[..^4] : program;
            if (Services.Contains(program, StringComparer.Ordinal))
            {
                return $"{program} (pid {pid})";
            }

            var command = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return Servers.FirstOrDefault(server => command.StartsWith(server, StringComparison.Ordinal) || Path.GetFileName(arguments[0]).StartsWith(server, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}

public sealed record ProcessFigures(string Process, double AverageCpuPercentOfOneCore, long PeakResidentMb, long LastResidentMb);
