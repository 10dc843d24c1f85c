using Microsoft.AspNetCore.Diagnostics;

namespace QueueSystem.Queue.Apis;

/// <summary>A day stream too contended to decide on answers 503 with Retry-After, never 500.</summary>
public sealed class QueueBusyHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not QueueBusyException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Queue busy", Detail = exception.Message },
        });
    }
}
