using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests;

/// <summary>Services and counters made for one test, so that its lines are its own.</summary>
public static class ClinicSetup
{
    public static async Task<(string Code, int CounterId)> NewServiceWithCounterAsync(HttpClient http, string admin, string counterName)
    {
        var code = await NewServiceAsync(http, admin, "Display Test");
        return (code, await AddCounterAsync(http, admin, code, counterName));
    }

    /// <summary>A service of its own, open every day, without counters; its code.</summary>
    public static async Task<string> NewServiceAsync(HttpClient http, string admin, string name)
    {
        var code = "D" + Random.Shared.Next(100_000, 999_999);
        using var service = await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name });
        service.EnsureSuccessStatusCode();
        return code;
    }

    /// <summary>A counter open all day at a service; its id.</summary>
    public static async Task<int> AddCounterAsync(HttpClient http, string admin, string serviceCode, string name)
    {
        using var counter = await http.SendAsync(HttpMethod.Post, "/api/admin/counters", admin, new { name, serviceCode, startTime = "00:00", endTime = "24:00" });
        counter.EnsureSuccessStatusCode();
        return (await counter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
