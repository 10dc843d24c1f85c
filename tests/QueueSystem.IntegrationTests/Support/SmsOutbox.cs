using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests;

public static class SmsOutbox
{
    /// <summary>The bodies of a phone's texts of one kind in the development outbox; null while there are none.</summary>
    public static async Task<List<string>?> TextsAsync(this HttpClient http, string phone, string kind)
    {
        var messages = await http.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(phone)}");
        var bodies = messages!.Where(m => m.GetProperty("kind").GetString() == kind).Select(m => m.GetProperty("body").GetString()!).ToList();
        return bodies.Count == 0 ? null : bodies;
    }
}
