using System.Globalization;

namespace QueueSystem.LoadTool.Reporting;

/// <summary>The machine the system and this tool share.</summary>
public static class Machine
{
    /// <summary>The load averages over 1, 5 and 15 minutes.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>
    /// Waits (at most two minutes) until the machine's CPU is mostly idle, so a scenario does not measure
    /// the work an earlier one left behind (events still being relayed, screens still being updated).
    /// </summary>
    public static async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var busy = BusyShare(await CpuAsync());
        while (busy > 0.35 && DateTime.UtcNow < deadline)
        {
            Console.WriteLine($"  waiting for the machine to settle (CPU {busy:P0} busy)");
            busy = BusyShare(await CpuAsync());
        }
    }

    private static double BusyShare((long Busy, long Total) delta) => delta.Total == 0 ? 0 : (double)delta.Busy / delta.Total;

    /// <summary>Busy and total CPU time over two seconds, from /proc/stat.</summary>
    private static async Task<(long Busy, long Total)> CpuAsync()
    {
        var first = Read();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var second = Read();
        return (second.Busy - first.Busy, second.Total - first.Total);

        static (long Busy, long Total) Read()
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4]; // idle + iowait
            var total = fields.Take(8).Sum();
            return (total - idle, total);
        }
    }
}
