using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

public static class Problems
{
    public static ProblemHttpResult Of(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);

    /// <summary>A refused command as a problem: unknown → 404, conflicting state → 409, closed → 422.</summary>
    public static ProblemHttpResult Of(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.NotFound => Of(StatusCodes.Status404NotFound, "Not found", rejection.Message),
        RejectionKind.Closed => Of(StatusCodes.Status422UnprocessableEntity, "Service closed", rejection.Message),
        _ => Of(StatusCodes.Status409Conflict, "Conflict", rejection.Message),
    };
}
