using Microsoft.AspNetCore.SignalR;
using QueueSystem.Contracts;

namespace QueueSystem.Display.Live;

/// <summary>
/// SignalR hub for the web UI. Clients are grouped by the optional <c>?service=</c> filter; a patient's
/// connection (token in <c>access_token</c>) also joins a group of its own for <c>ticket_update</c>, and a tracking
/// page's (<c>?track=</c> a ticket's tracking token) the group of that one ticket. The Redis backplane carries every
/// group message to every Display instance.
/// </summary>
public sealed class QueueHub(BoardQueries boards, HubConnections connections, TrackingLinks tracking) : Hub
{
    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        var service = LiveGroups.ServiceFilter(Context.GetHttpContext()?.Request.Query["service"]);
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.For(service));
        if (Context.User?.PatientId() is { } patientId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Patient(patientId));
        }

        if (Context.GetHttpContext()?.Request.Query["track"].FirstOrDefault() is { Length: > 0 } token && await tracking.FollowAsync(token, Context.ConnectionAborted) is { } trackedTicket)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Tracking(trackedTicket));
        }

        var initial = await boards.InitialDataAsync(service, Context.ConnectionAborted);
        await Clients.Caller.SendAsync(LiveMessageNames.InitialData, initial, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>The SignalR connections of this instance, to send them all away when the live feed was broken.</summary>
public sealed class HubConnections
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HubCallerContext> connections = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context) => connections[context.ConnectionId] = context;

    public void Remove(HubCallerContext context) => connections.TryRemove(context.ConnectionId, out _);

    /// <summary>Ends every connection; clients reconnect and start again from initial data.</summary>
    public void SendAllAway()
    {
        foreach (var context in connections.Values)
        {
            context.Abort();
        }
    }
}

/// <summary>Names of the audiences a live message goes to.</summary>
public static class LiveGroups
{
    public const string Everyone = "all";

    public static string For(string? serviceCode) => serviceCode is null ? Everyone : $"service:{serviceCode}";

    /// <summary>The connections of one patient: nobody else's ticket is ever sent there.</summary>
    public static string Patient(Guid patientId) => $"patient:{patientId}";

    /// <summary>The pages following one ticket by its tracking link: only that ticket is sent there.</summary>
    public static string Tracking(Guid ticketId) => $"ticket:{ticketId}";

    /// <summary>The service filter of a connection, upper-cased; null when absent or blank.</summary>
    public static string? ServiceFilter(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? null : raw.Trim().ToUpperInvariant();
}
