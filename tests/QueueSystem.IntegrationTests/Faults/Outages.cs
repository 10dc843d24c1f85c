using System.Diagnostics;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace QueueSystem.IntegrationTests.Faults;

/// <summary>
/// Brings a part of the running system down the hard way (a signal to the process listening on its port,
/// as a crash or an operator would) and starts it again through the AppHost, as the dashboard's start
/// button does.
/// </summary>
public static partial class Outages
{
    public const int Kill = 9;

    /// <summary>PostgreSQL's immediate shutdown: every backend stops at once, recovery runs at the next start.</summary>
    public const int Quit = 3;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Signals every process listening on the resource's port and waits until the AppHost sees it gone.</summary>
    public static async Task StopAsync(this SystemFixture system, string resource, int signal = Kill)
    {
        var endpoint = system.App.GetEndpoint(resource, resource is "postgres" or "mariadb" or "rabbitmq" or "redis" ? "tcp" : "http");
        var listeners = ListenersOn(endpoint.Port);
        Assert.NotEmpty(listeners);
        foreach (var pid in listeners)
        {
            using var signalling = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await signalling.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(Patience);
        await system.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
    }

    /// <summary>Starts the resource again and waits until it is healthy.</summary>
    public static async Task StartAsync(this SystemFixture system, string resource)
    {
        var commands = system.App.Services.GetRequiredService<ResourceCommandService>();
        var started = await commands.ExecuteCommandAsync(resource, "resource-start");
        Assert.True(started.Success, started.Message);
        using var timeout = new CancellationTokenSource(Patience);
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>The processes listening on a local TCP port.</summary>
    public static List<int> ListenersOn(int port)
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", ["-ltnpH", $"sport = :{port}"]) { RedirectStandardOutput = true })!;
        var output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        return [.. Pid().Matches(output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct()];
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex Pid();
}
