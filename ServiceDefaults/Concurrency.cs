using System.Collections.Concurrent;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Lets work on one key (a queue's day stream, a phone, an account) take turns within this process,
/// so a burst queues up instead of failing on optimistic-concurrency conflicts. Conflicts with other
/// instances are still caught by the store.
/// </summary>
public sealed class KeyedTurns
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> turns = new(StringComparer.Ordinal);

    public async Task<IDisposable> TakeAsync(string key, CancellationToken cancellationToken)
    {
        var turn = turns.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        return new Release(turn);
    }

    private sealed class Release(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn.Release();
    }
}

/// <summary>Others changed the same thing too often to decide now; the caller may simply try again.</summary>
public sealed class ContendedException() : Exception("Others changed this at the same moment too often; try again.");

/// <summary>Answers <see cref="ContendedException"/> with 503 and Retry-After, never 500.</summary>
public sealed class ContendedExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ContendedException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Busy", Detail = exception.Message },
        });
    }
}
