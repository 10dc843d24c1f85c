using QueueSystem.Gateway.Health;
using QueueSystem.Gateway.Posters;
using Yarp.ReverseProxy.Transforms;

namespace QueueSystem.Gateway;

public static class Extensions
{
    /// <summary>The services whose OpenAPI documents the gateway publishes, in the order the reference lists them.</summary>
    private static readonly string[] DocumentedServices = ["queue", "identity", "display", "notification"];

    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var serviceKey = TokenSettings.From(builder.Configuration).ServiceKey;
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            // The services believe the forwarded client address only from the gateway; a client's own copy of the header is replaced.
            .AddTransforms(transforms => transforms.AddRequestHeader(ServiceCredential.Header, serviceKey, append: false));
        builder.Services.AddRateLimits(builder.Configuration);
        builder.Services.AddHealthChecks().AddBackendServices();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseOverloadLimit();
        app.UseRequestBodyLimit();
        app.UseWebSockets();
        app.UseRateLimiter();
        // One API reference for integrators: each service's OpenAPI document (proxied at /openapi/<service>.json),
        // rendered by Swagger UI from assets inside the gateway (no CDN).
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "api/docs";
            options.DocumentTitle = "Hospital queue API";
            foreach (var service in DocumentedServices)
            {
                options.SwaggerEndpoint($"/openapi/{service}.json", service);
            }
        });
        app.MapQrCodeApi();
        // A printed ticket's QR code opens /t/{tracking token}: one page follows whichever ticket the address names.
        app.MapFallbackToFile("/t/{token}", "track/index.html");
        app.MapReverseProxy();
        return app;
    }
}
