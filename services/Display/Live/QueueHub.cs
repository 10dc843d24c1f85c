using Microsoft.AspNetCore.SignalR;

namespace QueueSystem.Display.Live;

/// <summary>
/// SignalR hub for the web UI. Clients are grouped by the optional <c>?service=</c> filter; a patient's
/// connection (token in <c>access_token</c>) also joins a group of its own for <c>ticket_update</c>. The
/// Redis backplane carries every group message to every Display instance.
/// </summary>
public sealed class QueueHub(BoardQueries boards) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var service = LiveGroups.ServiceFilter(Context.GetHttpContext()?.Request.Query["service"]);
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.For(service));
        if (Context.User?.PatientId() is { } patientId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Patient(patientId));
        }

        var initial = await boards.InitialDataAsync(service, Context.ConnectionAborted);
        await Clients.Caller.SendAsync("initial_data", initial, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }
}

/// <summary>Names of the audiences a live message goes to.</summary>
public static class LiveGroups
{
    public const string Everyone = "all";

    public static string For(string? serviceCode) => serviceCode is null ? Everyone : $"service:{serviceCode}";

    /// <summary>The connections of one patient: nobody else's ticket is ever sent there.</summary>
    public static string Patient(Guid patientId) => $"patient:{patientId}";

    /// <summary>The service filter of a connection, upper-cased; null when absent or blank.</summary>
    public static string? ServiceFilter(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? null : raw.Trim().ToUpperInvariant();
}
