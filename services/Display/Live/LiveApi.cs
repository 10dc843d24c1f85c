using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace QueueSystem.Display.Live;

public static class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/queue/updates", ServeSocket).WithName("QueueUpdatesSocket");
        app.MapHub<QueueHub>("/hubs/queue");
        return app;
    }

    /// <summary>The plain WebSocket for screens and third-party boards: anonymous and read-only.</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ServeSocket(HttpContext context, SocketHub sockets, BoardQueries boards)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "WebSocket expected", "This endpoint speaks WebSocket only.");
        }

        var service = LiveGroups.ServiceFilter(context.Request.Query["service"]);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await sockets.ServeAsync(
            socket,
            service,
            async cancellationToken => JsonSerializer.Serialize(await boards.InitialDataAsync(service, cancellationToken), LiveJson.Options),
            context.RequestAborted);
        return TypedResults.Empty;
    }
}
