using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QueueSystem.AppHost;

public static class ReadyAnnouncement
{
    /// <summary>
    /// Prints where the system answers once the gateway is healthy, i.e. once every service is ready: the
    /// dashboard's address carries this run's sign-in token (whoever has the link can open the dashboard).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AnnounceWhenReady(this IResourceBuilder<ProjectResource> gateway)
    {
        gateway.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (ready, _) =>
        {
            var url = gateway.GetEndpoint("http").Url;
            ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("QueueSystem").LogInformation(
                "The queue system is ready.\n      - Gateway:   {GatewayUrl}\n      - Dashboard: {DashboardUrl}\n      Stop it with Ctrl+C.",
                url,
                LocalDefaults.DashboardSignInUrl(ready.Services.GetRequiredService<IConfiguration>()));
            return Task.CompletedTask;
        });
        return gateway;
    }
}
