using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace QueueSystem.Gateway;

/// <summary>
/// Abuse limits at the edge, each answered with a 429 problem and Retry-After: sign-in requests per client address
/// (a brute-force or enumeration run meets a 429 long before it gets far), live connections open at once per client
/// address (one address cannot hold a display instance's sockets), and joins and cancels per patient (one patient
/// cannot flood every screen with changes).
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";

    public const string LiveConnections = "live-connections";

    public const string PatientCommands = "patient-commands";

    public sealed class Settings
    {
        public int PermitLimit { get; set; } = 120;

        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// Generous: a hospital's guest network may put every phone in the hall behind one address (what matters is
    /// that no single address can take the thousands a display instance serves).
    /// </summary>
    public const int DefaultLiveConnectionsPerAddress = 500;

    private static readonly Dictionary<string, string> Refusals = new(StringComparer.Ordinal)
    {
        [SignIn] = "Too many sign-in requests from this address; wait a little.",
        [LiveConnections] = "Too many live connections from this address are open; close some and try again.",
        [PatientCommands] = "Too many tickets taken or given up in a short time; wait a little.",
    };

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var signIn = configuration.GetSection("Gateway:SignInRateLimit").Get<Settings>() ?? new Settings();
        var patientCommands = configuration.GetSection("Gateway:PatientCommandRateLimit").Get<Settings>() ?? new Settings { PermitLimit = 20 };
        var liveConnections = configuration.GetValue("Gateway:LiveConnectionsPerAddress", DefaultLiveConnectionsPerAddress);
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignIn, context => RateLimitPartition.GetSlidingWindowLimiter(AddressOf(context), _ => Window(signIn)));
            options.AddPolicy(PatientCommands, context => RateLimitPartition.GetSlidingWindowLimiter(
                context.User.PatientId()?.ToString() ?? AddressOf(context), _ => Window(patientCommands)));
            // A live connection holds its place for as long as it is open.
            options.AddPolicy(LiveConnections, context => RateLimitPartition.GetConcurrencyLimiter(
                AddressOf(context), _ => new ConcurrencyLimiterOptions { PermitLimit = liveConnections, QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? SignIn;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problem = ProblemResults.Of(StatusCodes.Status429TooManyRequests, "Too many requests", Refusals.GetValueOrDefault(policy, Refusals[SignIn]));
                await problem.ExecuteAsync(context.HttpContext);
            };
        });
    }

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static SlidingWindowRateLimiterOptions Window(Settings settings) => new()
    {
        PermitLimit = settings.PermitLimit,
        Window = settings.Window,
        SegmentsPerWindow = 6,
        QueueLimit = 0,
    };
}
