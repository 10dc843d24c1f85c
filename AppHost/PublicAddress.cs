namespace QueueSystem.AppHost;

public static class PublicAddress
{
    /// <summary>
    /// The address patients reach the gateway at (QMS_PUBLIC_URL, e.g. https://queue.hospital.example),
    /// printed in the QR posters; without it the posters use the address the admin's browser used.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicUrl(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder)
    {
        var url = builder.Configuration["QMS_PUBLIC_URL"];
        return string.IsNullOrEmpty(url) ? gateway : gateway.WithEnvironment("Gateway__PublicUrl", url);
    }
}
