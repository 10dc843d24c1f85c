using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

public static class Problems
{
    /// <summary>A refused command as a problem: unknown → 404, conflicting state → 409, closed → 422.</summary>
    public static ProblemHttpResult Of(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.NotFound => ProblemResults.Of(StatusCodes.Status404NotFound, "Not found", rejection.Message),
        RejectionKind.Closed => ProblemResults.Of(StatusCodes.Status422UnprocessableEntity, "Service closed", rejection.Message),
        _ => ProblemResults.Of(StatusCodes.Status409Conflict, "Conflict", rejection.Message),
    };
}
