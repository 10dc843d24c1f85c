using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests;

/// <summary>The answer to a command sent with an Idempotency-Key, and whether the server said it was a replay.</summary>
public sealed record KeyedAnswer(HttpStatusCode Status, string Body, bool Replayed)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

public static class KeyedCommands
{
    /// <summary>Posts a command with an Idempotency-Key.</summary>
    public static async Task<KeyedAnswer> KeyedAsync(this HttpClient http, string path, string token, string key, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        return new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
    }
}
