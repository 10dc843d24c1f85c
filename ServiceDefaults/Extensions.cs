using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service and the gateway share: telemetry to the dashboard, health endpoints,
/// service discovery and resilient outgoing HTTP.
/// </summary>
public static class ServiceDefaultsExtensions
{
    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";

    /// <summary>Meters of the libraries this system is built on.</summary>
    private static readonly string[] MeterSources = ["MassTransit", "Marten", "QueueSystem.*"];

    /// <summary>
    /// Activity sources traced. Marten's are left out: its event daemon polls every second and would
    /// bury the requests and messages that matter.
    /// </summary>
    private static readonly string[] TraceSources = ["MassTransit", "QueueSystem.*"];

    private static bool IsRoutine(string? path) => path is not null
        && (path.StartsWith(HealthPath, StringComparison.Ordinal) || path.StartsWith(AlivePath, StringComparison.Ordinal)
            || path.StartsWith(HttpRevokedTokenSource.Path, StringComparison.Ordinal));

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddProblemResponses();
        builder.AddTokenAuthentication();
        // No answer names the server's software and version to whoever probes it.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The instrumentation writes every query value as "Redacted"; Aspire's development defaults turn that off,
        // which would put a hub connection's access_token and a looked-up phone number into the traces. Never here.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "false",
            ["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "false",
        });
        // These log every request's address with its query at Information: never below Warning, whatever the settings say.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MeterSources))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TraceSources)
                // Health probes and the sign-out polls every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsRoutine(context.Request.Path.Value))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => !IsRoutine(request.RequestUri?.AbsolutePath)));

        // A share of the traces (Telemetry:TraceSampleRatio) where all of them would cost too much; a request
        // traced upstream stays traced here, so a sampled trace is whole across the services.
        if (double.TryParse(builder.Configuration["Telemetry:TraceSampleRatio"], System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and < 1)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio))));
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Every error answer is an RFC 9457 problem document: malformed bodies become a plain 400 (not an
    /// exception), and empty error responses get a problem body.
    /// </summary>
    public static TBuilder AddProblemResponses<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ContendedExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check (servers this process depends on included) must pass before traffic is sent here.
    /// <c>/alive</c>: only the process itself, so a server outage does not get the process restarted.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks(HealthPath).DisableHttpMetrics();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") })
            .DisableHttpMetrics();
        return app;
    }
}
