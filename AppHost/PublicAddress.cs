namespace QueueSystem.AppHost;

public static class PublicAddress
{
    /// <summary>
    /// The address patients reach the gateway at (QMS_PUBLIC_URL, e.g. https://queue.hospital.example),
    /// printed in the QR posters; without it the posters use the address the admin's browser used.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicUrl(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder)
    {
        return PublicUrl(builder) is { } url ? gateway.WithEnvironment("Gateway__PublicUrl", url) : gateway;
    }

    /// <summary>The hospital's name printed on walk-in tickets and shown on the tracking page (QMS_FACILITY_NAME).</summary>
    public static IResourceBuilder<ProjectResource> WithFacilityName(this IResourceBuilder<ProjectResource> queue, IDistributedApplicationBuilder builder) =>
        builder.Configuration["QMS_FACILITY_NAME"] is { Length: > 0 } name ? queue.WithEnvironment("Queue__FacilityName", name) : queue;

    /// <summary>
    /// The start of every ticket's tracking link (printed as a QR code on walk-in tickets, shared by patients):
    /// QMS_PUBLIC_URL, else the gateway's own address, which phones in the hall reach only if it is not localhost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTrackingLinks(
        this IResourceBuilder<ProjectResource> queue, IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway)
    {
        return PublicUrl(builder) is { } url
            ? queue.WithEnvironment("Queue__PublicUrl", url)
            : queue.WithEnvironment("Queue__PublicUrl", gateway.GetEndpoint("http"));
    }

    private static string? PublicUrl(IDistributedApplicationBuilder builder) => builder.Configuration["QMS_PUBLIC_URL"] is { Length: > 0 } url ? url : null;
}
