using QueueSystem.Gateway.Health;

namespace QueueSystem.Gateway;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        builder.Services.AddSignInRateLimit(builder.Configuration);
        builder.Services.AddHealthChecks().AddBackendServices();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseWebSockets();
        app.UseRateLimiter();
        app.MapReverseProxy();
        return app;
    }
}
