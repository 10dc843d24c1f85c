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
    /// The gateway's abuse limits, raised for load and test runs (the gateway's own defaults otherwise):
    /// QMS_SIGNIN_RATE_LIMIT, sign-in requests per minute per client address; QMS_LIVE_CONNECTIONS_PER_ADDRESS,
    /// screens' and phones' live connections open at once per client address; QMS_PATIENT_COMMANDS_PER_MINUTE,
    /// joins and cancels per patient per minute.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAbuseLimits(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder) =>
        gateway.WithSettings(
            builder,
            ("QMS_SIGNIN_RATE_LIMIT", "SignInRateLimit__PermitLimit"),
            ("QMS_LIVE_CONNECTIONS_PER_ADDRESS", "LiveConnectionsPerAddress"),
            ("QMS_PATIENT_COMMANDS_PER_MINUTE", "PatientCommandRateLimit__PermitLimit"));

    /// <summary>
    /// The gateway's overload limit, from QMS_GATEWAY_CONCURRENT_REQUESTS, QMS_GATEWAY_QUEUED_REQUESTS and
    /// QMS_GATEWAY_REQUESTS_PER_CLIENT (API requests passed on at once, and waiting for their turn, more being
    /// refused with 503; and how many of those one client address may hold).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOverloadLimit(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder) =>
        gateway.WithSettings(
            builder,
            ("QMS_GATEWAY_CONCURRENT_REQUESTS", "Overload__ConcurrentRequests"),
            ("QMS_GATEWAY_QUEUED_REQUESTS", "Overload__QueuedRequests"),
            ("QMS_GATEWAY_REQUESTS_PER_CLIENT", "Overload__RequestsPerClient"));

    /// <summary>Passes each run-command variable that is set on to the gateway's own setting of that name.</summary>
    private static IResourceBuilder<ProjectResource> WithSettings(
        this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder, params (string Variable, string Setting)[] settings)
    {
        foreach (var (variable, setting) in settings)
        {
            if (builder.Configuration[variable] is { Length: > 0 } value)
            {
                gateway.WithEnvironment($"Gateway__{setting}", value);
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
