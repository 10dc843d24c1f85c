using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using QueueSystem.Contracts;

namespace QueueSystem.Display.Live;

/// <summary>
/// SignalR hub for the web UI. Clients are grouped by the optional <c>?service=</c> filter; the Redis backplane carries
/// every group message to every Display instance. A patient's connection (token in <c>access_token</c>) also follows its
/// own tickets' <c>ticket_update</c>, and a tracking page's (<c>?track=</c> a ticket's tracking token) that one ticket's:
/// followers are known to their own instance, which hands them the updates (see <see cref="TicketUpdateSubscriber"/>).
/// </summary>
public sealed class QueueHub(BoardQueries boards, HubConnections connections, TrackingLinks tracking) : Hub
{
    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        try
        {
            var service = LiveGroups.ServiceFilter(Context.GetHttpContext()?.Request.Query["service"]);
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.For(service));
            if (Context.User?.PatientId() is { } patientId)
            {
                connections.Follow(Context, LiveGroups.Patient(patientId));
            }

            if (Context.GetHttpContext()?.Request.Query["track"].FirstOrDefault() is { Length: > 0 } token && await tracking.FollowAsync(token, Context.ConnectionAborted) is { } trackedTicket)
            {
                connections.Follow(Context, LiveGroups.Tracking(trackedTicket));
            }

            var initial = await boards.InitialDataAsync(service, Context.ConnectionAborted);
            await Clients.Caller.SendAsync(LiveMessageNames.InitialData, initial, Context.ConnectionAborted);
            await base.OnConnectedAsync();
        }
        catch
        {
            connections.Remove(Context); // a connection that failed to start is never told it ended
            throw;
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>
/// The SignalR connections of this instance: to send them all away when the live feed was broken, and which of them
/// follow the tickets of a patient or of a tracking link (an audience of <see cref="LiveGroups"/>).
/// </summary>
public sealed class HubConnections
{
    private const string AudiencesItem = "audiences";

    private readonly ConcurrentDictionary<string, HubCallerContext> connections = new(StringComparer.Ordinal);

    private readonly Dictionary<string, HashSet<string>> followers = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context) => connections[context.ConnectionId] = context;

    public void Remove(HubCallerContext context)
    {
        connections.TryRemove(context.ConnectionId, out _);
        lock (followers)
        {
            foreach (var audience in context.Items.TryGetValue(AudiencesItem, out var followed) ? (List<string>)followed! : [])
            {
                if (followers.TryGetValue(audience, out var ids) && ids.Remove(context.ConnectionId) && ids.Count == 0)
                {
                    followers.Remove(audience);
                }
            }
        }
    }

    /// <summary>The connection receives the ticket updates of <paramref name="audience"/> until it ends.</summary>
    public void Follow(HubCallerContext context, string audience)
    {
        lock (followers)
        {
            var followed = context.Items.TryGetValue(AudiencesItem, out var items) ? (List<string>)items! : [];
            context.Items[AudiencesItem] = followed;
            followed.Add(audience);
            if (!followers.TryGetValue(audience, out var ids))
            {
                followers[audience] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            ids.Add(context.ConnectionId);
        }
    }

    public bool AnyFollower
    {
        get
        {
            lock (followers)
            {
                return followers.Count > 0;
            }
        }
    }

    /// <summary>The connections of this instance following an audience.</summary>
    public string[] Following(string audience)
    {
        lock (followers)
        {
            return followers.TryGetValue(audience, out var ids) ? [.. ids] : [];
        }
    }

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
