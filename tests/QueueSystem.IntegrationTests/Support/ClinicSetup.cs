using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests;

/// <summary>Services and counters made for one test, so that its lines are its own.</summary>
public static class ClinicSetup
{
    public static async Task<(string Code, int CounterId)> NewServiceWithCounterAsync(HttpClient http, string admin, string counterName)
    {
        var code = "D" + Random.Shared.Next(100_000, 999_999);
        using (var service = await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = "Display Test" }))
        {
            service.EnsureSuccessStatusCode();
        }

        return (code, await AddCounterAsync(http, admin, code, counterName));
    }

    /// <summary>A counter open all day at a service; its id.</summary>
    public static async Task<int> AddCounterAsync(HttpClient http, string admin, string serviceCode, string name)
    {
        using var counter = await http.SendAsync(HttpMethod.Post, "/api/admin/counters", admin, new { name, serviceCode, startTime = "00:00", endTime = "24:00" });
        counter.EnsureSuccessStatusCode();
        return (await counter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
