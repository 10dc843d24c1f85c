using QueueSystem.AppHost.Infrastructure;

namespace QueueSystem.AppHost;

public static class DirectEndpoints
{
    private const int FirstServicePort = 25500;

    /// <summary>
    /// The service listens on its own port (25500 and up, plus QMS_INFRA_PORT_OFFSET) with nothing in
    /// between: through the orchestrator's proxy every request and every screen frame took one more hop,
    /// which under load cost as much CPU as the gateway itself.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDirectEndpoint(this IResourceBuilder<ProjectResource> project, InfrastructureSettings settings, int index) =>
        project.WithEndpoint("http", endpoint =>
        {
            endpoint.Port = FirstServicePort + settings.PortOffset + index;
            endpoint.TargetPort = endpoint.Port;
            endpoint.IsProxied = false;
        });
}
