namespace QueueSystem.AppHost;

public static class TraceSampling
{
    /// <summary>
    /// The share of requests whose traces every service records (QMS_TRACE_SAMPLE_RATIO, 0 to 1; all of
    /// them when unset). Metrics and logs stay whole. At a hospital's pace tracing everything costs little;
    /// under national-scale load each traced join is six spans sent to and stored by the dashboard, which
    /// then uses more CPU than any service (see the load report).
    /// </summary>
    public static void ApplyToEveryService(IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration["QMS_TRACE_SAMPLE_RATIO"] is not { Length: > 0 } ratio)
        {
            return;
        }

        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("Telemetry__TraceSampleRatio", ratio);
        }
    }
}
