using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>Commands' answers as HTTP: the reply, or the refusal as a problem; a replayed answer says so in a header.</summary>
public static class CommandResults
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static Results<TDone, ProblemHttpResult> ToHttp<T, TDone>(this CommandAnswer<T> answer, HttpResponse response, Func<T, TDone> done)
        where TDone : IResult
    {
        if (answer is CommandAnswer<T>.Done { Replayed: true } or CommandAnswer<T>.Refused { Replayed: true })
        {
            response.Headers[ReplayedHeader] = "true";
        }

        return answer switch
        {
            CommandAnswer<T>.Done result => done(result.Value),
            CommandAnswer<T>.Refused refused => Problem(refused.Rejection),
            _ => ProblemResults.Of(
                StatusCodes.Status422UnprocessableEntity,
                "Idempotency key reused",
                $"This {IdempotencyKey.Header} was already used for a different request; use a new key for a new request."),
        };
    }

    /// <summary>A refused command as a problem: invalid → 400, unknown → 404, conflicting state → 409, closed → 422.</summary>
    public static ProblemHttpResult Problem(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.Invalid => ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", rejection.Message),
        RejectionKind.NotFound => ProblemResults.Of(StatusCodes.Status404NotFound, "Not found", rejection.Message),
        RejectionKind.Closed => ProblemResults.Of(StatusCodes.Status422UnprocessableEntity, "Service closed", rejection.Message),
        _ => ProblemResults.Of(StatusCodes.Status409Conflict, "Conflict", rejection.Message),
    };
}
