namespace QueueSystem.AppHost;

public static class ServiceTelemetry
{
    /// <summary>
    /// The share of requests whose traces every service records (QMS_TRACE_SAMPLE_RATIO, 0 to 1; all of
    /// them when unset). Metrics and logs stay whole. At a hospital's pace tracing everything costs little;
    /// under national-scale load each traced join is six spans sent to and stored by the dashboard, which
    /// then uses more CPU than any service (see the load report).
    /// Metrics go to the dashboard every 5 seconds rather than every second: its charts stay current for whoever
    /// watches them, and exporting and storing every instrument costs a fifth.
    /// </summary>
    public static void ApplyToEveryService(IDistributedApplicationBuilder builder)
    {
        var ratio = builder.Configuration["QMS_TRACE_SAMPLE_RATIO"];
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            var service = builder.CreateResourceBuilder(project).WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "5000");
            if (ratio is { Length: > 0 })
            {
                service.WithEnvironment("Telemetry__TraceSampleRatio", ratio);
            }
        }
    }
}
