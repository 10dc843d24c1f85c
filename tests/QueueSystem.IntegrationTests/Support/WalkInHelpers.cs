using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests;

public static class WalkInHelpers
{
    /// <summary>Registers a kiosk as admin: its id and the device token its answer shows once.</summary>
    public static async Task<(Guid Id, string DeviceToken)> RegisterKioskAsync(this HttpClient http, string admin, string name)
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/api/admin/kiosks", admin, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var kiosk = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (kiosk.GetProperty("id").GetGuid(), kiosk.GetProperty("deviceToken").GetString()!);
    }

    /// <summary>The tracking token at the end of a ticket's tracking link.</summary>
    public static string TrackingTokenOf(string trackingUrl) => trackingUrl[(trackingUrl.LastIndexOf('/') + 1)..];
}
