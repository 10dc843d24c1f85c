using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace QueueSystem.Gateway;

/// <summary>
/// Limits on the sign-in paths (codes, verification, staff login) per client address: a brute-force
/// or enumeration run from one address meets a 429 with Retry-After long before it gets far.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";

    public sealed class Settings
    {
        public int PermitLimit { get; set; } = 120;

        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    }

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Gateway:SignInRateLimit").Get<Settings>() ?? new Settings();
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignIn, context => RateLimitPartition.GetSlidingWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = settings.Window,
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.Window / 6;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problem = TypedResults.Problem("Too many sign-in requests from this address; wait a little.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
                await problem.ExecuteAsync(context.HttpContext);
            };
        });
    }
}
