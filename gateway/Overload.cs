using System.Globalization;
using System.Threading.RateLimiting;

namespace QueueSystem.Gateway;

/// <summary>
/// Load shedding: at most so many API requests are passed on at once and so many more wait their turn;
/// beyond that a request is answered 503 with Retry-After at once. Past the system's capacity, work nobody
/// will wait for (answers after the phone gave up) would only slow down the answers everyone is waiting for.
/// Live connections (screens, phones) and health probes are never shed. Each client address may hold only
/// its share of the places (running or waiting), so one client pushing hard is refused before it pushes
/// everyone else into 503.
/// </summary>
public static class Overload
{
    public sealed class Settings
    {
        /// <summary>API requests passed on to the services at once.</summary>
        public int ConcurrentRequests { get; set; } = 256;

        /// <summary>Requests waiting for one of those, oldest first; more are refused.</summary>
        public int QueuedRequests { get; set; } = 512;

        /// <summary>Requests one client address may have passed on or waiting at once.</summary>
        public int RequestsPerClient { get; set; } = 128;

        /// <summary>What a refused client is told to wait.</summary>
        public int RetryAfterSeconds { get; set; } = 2;
    }

    private static readonly string[] NeverShed = ["/ws", "/hubs", "/health", "/alive"];

    /// <summary>Whether a request counts against the limit: live connections and health probes do not.</summary>
    public static bool IsShedable(HttpRequest request) =>
        !NeverShed.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Sheds API requests past the limit, before anything else is done for them.</summary>
    public static WebApplication UseOverloadLimit(this WebApplication app)
    {
        var settings = app.Configuration.GetSection("Gateway:Overload").Get<Settings>() ?? new Settings();
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.ConcurrentRequests,
            QueueLimit = settings.QueuedRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var shares = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetConcurrencyLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new ConcurrencyLimiterOptions { PermitLimit = settings.RequestsPerClient, QueueLimit = 0 }));
        app.Use(async (context, next) =>
        {
            if (!IsShedable(context.Request))
            {
                await next(context);
                return;
            }

            // This client's share first, so that its excess never takes a place in the queue from someone else.
            using var share = shares.AttemptAcquire(context);
            using var lease = share.IsAcquired ? await limiter.AcquireAsync(1, context.RequestAborted) : null;
            if (lease is not { IsAcquired: true })
            {
                await RejectAsync(context, settings);
                return;
            }

            await next(context);
        });
        return app;
    }

    private static async Task RejectAsync(HttpContext context, Settings settings)
    {
        context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var problem = ProblemResults.Of(
            StatusCodes.Status503ServiceUnavailable, "Busy", "The system is busy with other requests; nothing was done. Try again in a moment.");
        await problem.ExecuteAsync(context);
    }
}
