using Microsoft.AspNetCore.Http.Features;

namespace QueueSystem.Gateway;

/// <summary>
/// No request of the API carries more than a few hundred bytes: a body far beyond that is refused with
/// 413 before it is read or passed on, so nobody can tie up a service by sending megabytes.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await ProblemResults.Of(StatusCodes.Status413PayloadTooLarge, "Request too large", $"A request body is at most {MaxBodyBytes / 1024} KB; nothing was done.")
                    .ExecuteAsync(context);
                return;
            }

            // A body sent without its length (chunked) is cut off at the same size while it is read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            await next(context);
        });
        return app;
    }
}
