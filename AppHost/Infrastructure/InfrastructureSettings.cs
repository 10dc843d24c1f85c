using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace QueueSystem.AppHost.Infrastructure;

/// <summary>
/// How the servers run, from configuration (environment variables or command-line arguments):
/// <c>QMS_INFRASTRUCTURE</c> = auto | containers | executables, <c>QMS_DATA_DIR</c> (default: .data
/// beside the solution), <c>QMS_INFRA_PORT_OFFSET</c> (added to the local servers' ports, so a test run
/// and a developer's run can share a machine).
/// </summary>
public sealed record InfrastructureSettings(bool UseContainers, string DataDirectory, int PortOffset)
{
    public static InfrastructureSettings From(IConfiguration configuration, string solutionDirectory)
    {
        var mode = configuration["QMS_INFRASTRUCTURE"] ?? "auto";
        var useContainers = mode switch
        {
            "containers" => true,
            "executables" => false,
            "auto" => ContainerRuntimeAnswers(),
            _ => throw new InvalidOperationException($"QMS_INFRASTRUCTURE must be auto, containers or executables, not '{mode}'."),
        };
        var dataDirectory = Path.GetFullPath(configuration["QMS_DATA_DIR"] ?? Path.Combine(solutionDirectory, ".data"));
        var portOffset = int.TryParse(configuration["QMS_INFRA_PORT_OFFSET"], out var offset) ? offset : 0;
        return new InfrastructureSettings(useContainers, dataDirectory, portOffset);
    }

    /// <summary>
    /// Decided before the model is built: an absent or broken container runtime must never leave the
    /// system waiting forever for containers that cannot start.
    /// </summary>
    private static bool ContainerRuntimeAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null)
            {
                return false;
            }

            if (!docker.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }

            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }
}
