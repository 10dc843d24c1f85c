using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>
/// The run command as a user starts it (the AppHost on its own, other ports and data): the dashboard, its resource
/// service and its telemetry endpoint refuse anyone without this run's keys, and the sign-in link the command
/// prints with the addresses lets its user in.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed partial class RunCommandDashboardTests(SystemFixture system)
{
    private const int DashboardPort = 28888;

    [Fact]
    public async Task The_dashboard_asks_for_the_sign_in_link_that_the_run_command_prints()
    {
        await using var run = RunCommand.Start(system, DashboardPort);
        var signInLink = await run.DashboardLinkAsync(TimeSpan.FromMinutes(4));
        Assert.Matches($"^http://localhost:{DashboardPort}/login\\?t=[0-9a-f]{{32}}$", signInLink);

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var page = await anonymous.GetAsync($"http://localhost:{DashboardPort}/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/login", page.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var telemetry = new ByteArrayContent([]);
        telemetry.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var export = await anonymous.PostAsync($"http://localhost:{DashboardPort + 1}/v1/traces", telemetry);
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);

        // The resource service streams every resource's environment, secrets included: gRPC, so HTTP/2 without TLS.
        using var resources = new HttpRequestMessage(HttpMethod.Post, $"http://localhost:{DashboardPort + 2}/aspire.v1.DashboardService/GetApplicationInformation")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]),
        };
        resources.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var resourceAnswer = await anonymous.SendAsync(resources);
        Assert.Equal(HttpStatusCode.Unauthorized, resourceAnswer.StatusCode);

        using var signedIn = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        using var viaLink = await signedIn.GetAsync(signInLink);
        Assert.Equal(HttpStatusCode.OK, viaLink.StatusCode);
        Assert.DoesNotContain("/login", viaLink.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_admin_password_stops_the_run_command_before_anything_starts()
    {
        await using var run = RunCommand.Start(system, DashboardPort, adminPassword: "password1234");

        Assert.NotEqual(0, await run.ExitCodeAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("QMS_ADMIN_PASSWORD is refused", run.Output, StringComparison.Ordinal);
    }

    /// <summary>The AppHost started as the run command starts it, from a clean environment.</summary>
    private sealed partial class RunCommand : IAsyncDisposable
    {
        private readonly Process process;
        private readonly TaskCompletionSource<string> dashboardLink = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();
        private bool ready;

        private RunCommand(Process process) => this.process = process;

        public static RunCommand Start(SystemFixture system, int dashboardPort, string adminPassword = SystemFixture.AdminPassword)
        {
            var solution = Path.GetDirectoryName(Path.GetDirectoryName(system.DataDirectory))!;
            var data = Path.Combine(solution, ".data", "test-run");
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            // The AppHost the test command has just built, as the run command starts its own build.
            var start = new ProcessStartInfo("dotnet", [Path.Combine(solution, "AppHost", "bin", "Debug", "net10.0", "AppHost.dll")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = solution,
            };
            // As from a new shell: nothing of this test process's own system (its AppHost set these in-process).
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPIRE_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                || k.StartsWith("DOTNET_DASHBOARD", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("QMS_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["QMS_DATA_DIR"] = data;
            start.Environment["QMS_INFRA_PORT_OFFSET"] = "2000";
            start.Environment["QMS_GATEWAY_PORT"] = "28080";
            start.Environment["QMS_DASHBOARD_PORT"] = dashboardPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["QMS_ADMIN_PASSWORD"] = adminPassword;
            var run = new RunCommand(Process.Start(start)!);
            run.process.OutputDataReceived += (_, line) =>
            {
                if (line.Data is not { } text)
                {
                    return;
                }

                run.output.Enqueue(text);
                // The command's own announcement, not the Aspire summary printed when the dashboard starts.
                run.ready |= text.Contains("The queue system is ready.", StringComparison.Ordinal);
                if (run.ready && DashboardLine().Match(text) is { Success: true } match)
                {
                    run.dashboardLink.TrySetResult(match.Groups[1].Value);
                }
            };
            run.process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is { } text)
                {
                    run.output.Enqueue(text);
                }
            };
            run.process.BeginOutputReadLine();
            run.process.BeginErrorReadLine();
            return run;
        }

        /// <summary>Everything the command has printed so far.</summary>
        public string Output => string.Join('\n', output);

        /// <summary>The dashboard address the command prints once the whole system is ready.</summary>
        public Task<string> DashboardLinkAsync(TimeSpan timeout) => dashboardLink.Task.WaitAsync(timeout);

        public async Task<int> ExitCodeAsync(TimeSpan timeout)
        {
            using var patience = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(patience.Token);
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (process.HasExited)
            {
                process.Dispose();
                return;
            }

            // As Ctrl+C or `kill -TERM` stops the run command: everything it started stops with it.
            using (var stop = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await stop.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        [GeneratedRegex(@"- Dashboard:\s+(\S+)")]
        private static partial Regex DashboardLine();
    }
}
