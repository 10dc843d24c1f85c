using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace QueueSystem.LoadTool.Scenarios;

/// <summary>What PostgreSQL alone does on this machine: durable single-row inserts, 8 clients.</summary>
public sealed record PgbenchResult(double InsertsPerSecond, string Command);

/// <summary>
/// pgbench against the system's own PostgreSQL server (its settings, its disk), run by this tool in the
/// same session as the scenarios: the yardstick DESIGN.md sets the join rate against. The server's
/// password comes from the system's data folder (QMS_DATA_DIR, default .data, from the repository's folder).
/// </summary>
public static partial class Pgbench
{
    public static async Task<PgbenchResult?> RunAsync(int seconds)
    {
        var dataDirectory = Environment.GetEnvironmentVariable("QMS_DATA_DIR") ?? ".data";
        var passwordFile = Path.Combine(dataDirectory, "secrets", "postgres-password");
        if (!File.Exists(passwordFile))
        {
            Console.WriteLine($"pgbench: not run, {Path.GetFullPath(passwordFile)} not found (run from the repository's folder)");
            return null;
        }

        var port = 25432 + int.Parse(Environment.GetEnvironmentVariable("QMS_INFRA_PORT_OFFSET") ?? "0", CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = "127.0.0.1",
            ["PGPORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = "postgres",
            ["PGDATABASE"] = "postgres",
            ["PGPASSWORD"] = (await File.ReadAllTextAsync(passwordFile)).Trim(),
        };
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, "INSERT INTO load_tool_inserts (v) VALUES (random());\n");
        try
        {
            await RunAsync("psql", ["-q", "-c", "CREATE TABLE IF NOT EXISTS load_tool_inserts (id bigserial PRIMARY KEY, v double precision NOT NULL)"], environment);
            string[] arguments = ["-n", "-c", "8", "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script];
            Console.WriteLine($"pgbench: single-row inserts, 8 clients, {seconds} s");
            var output = await RunAsync("pgbench", arguments, environment);
            var tps = double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            Console.WriteLine($"  {tps:F0} inserts/s");
            return new PgbenchResult(Math.Round(tps), $"pgbench {string.Join(' ', arguments[..^2])} -f <INSERT INTO load_tool_inserts (v) VALUES (random())>");
        }
        finally
        {
            await RunAsync("psql", ["-q", "-c", "DROP TABLE IF EXISTS load_tool_inserts"], environment);
            File.Delete(script);
        }
    }

    private static async Task<string> RunAsync(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{program} failed: {await errors}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
