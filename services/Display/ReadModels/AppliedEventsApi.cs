using Microsoft.AspNetCore.Http.HttpResults;

namespace QueueSystem.Display.ReadModels;

/// <summary>For the Queue's read-your-writes (an admin's new counter is on the screens before the answer): whether an event has been applied here.</summary>
public static class AppliedEventsApi
{
    public sealed record AppliedEvent(Guid EventId);

    public static IEndpointRouteBuilder MapAppliedEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/events/{eventId:guid}", Applied).WithName("AppliedEvent").ExcludeFromDescription().RequireServiceCredential();
        return app;
    }

    public static async Task<Results<Ok<AppliedEvent>, NotFound>> Applied(Guid eventId, ReadModelWriter writer, CancellationToken cancellationToken) =>
        await writer.HasAppliedAsync(eventId, cancellationToken) ? TypedResults.Ok(new AppliedEvent(eventId)) : TypedResults.NotFound();
}
