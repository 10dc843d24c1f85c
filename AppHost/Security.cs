namespace QueueSystem.AppHost;

/// <summary>The keys every project is given: the one tokens are signed with, and the one the system's processes present to one another.</summary>
public sealed record SystemKeys(IResourceBuilder<ParameterResource> Signing, IResourceBuilder<ParameterResource> Service);

public static class Security
{
    /// <summary>
    /// Gives a project the key that signs and checks tokens, the key the system's processes present to one
    /// another and, where it is not Identity itself, the way to Identity for staff access checks.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTokens(
        this IResourceBuilder<ProjectResource> project, SystemKeys keys, IResourceBuilder<ProjectResource>? identity = null)
    {
        project.WithEnvironment("Tokens__SigningKey", keys.Signing).WithEnvironment("Tokens__ServiceKey", keys.Service);
        return identity is null ? project : project.WithReference(identity);
    }

    /// <summary>
    /// Requests per minute one client address may make to the sign-in paths, from QMS_SIGNIN_RATE_LIMIT
    /// (raised for load and test runs; the gateway's own default otherwise).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSignInRateLimit(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder)
    {
        var limit = builder.Configuration["QMS_SIGNIN_RATE_LIMIT"];
        return string.IsNullOrEmpty(limit) ? gateway : gateway.WithEnvironment("Gateway__SignInRateLimit__PermitLimit", limit);
    }

    /// <summary>
    /// The gateway's overload limit, from QMS_GATEWAY_CONCURRENT_REQUESTS and QMS_GATEWAY_QUEUED_REQUESTS
    /// (API requests passed on at once, and waiting for their turn; more are refused with 503).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOverloadLimit(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder)
    {
        foreach (var (variable, setting) in new[] { ("QMS_GATEWAY_CONCURRENT_REQUESTS", "ConcurrentRequests"), ("QMS_GATEWAY_QUEUED_REQUESTS", "QueuedRequests") })
        {
            if (builder.Configuration[variable] is { Length: > 0 } value)
            {
                gateway.WithEnvironment($"Gateway__Overload__{setting}", value);
            }
        }

        return gateway;
    }

    /// <summary>
    /// The password of the first admin account, from QMS_ADMIN_PASSWORD; without it Identity makes a random one.
    /// A weak one stops the run command at once: an admin account is the whole hospital's.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithFirstAdminPassword(this IResourceBuilder<ProjectResource> identity, IDistributedApplicationBuilder builder)
    {
        var password = builder.Configuration["QMS_ADMIN_PASSWORD"];
        if (!string.IsNullOrEmpty(password) && QueueSystem.Identity.Staff.PasswordPolicy.WeaknessOf(password, "admin") is { } weakness)
        {
            throw new InvalidOperationException($"QMS_ADMIN_PASSWORD is refused: {weakness}");
        }

        return string.IsNullOrEmpty(password)
            ? identity
            : identity.WithEnvironment("QMS_ADMIN_PASSWORD", builder.AddParameter("admin-password", password, secret: true));
    }
}
