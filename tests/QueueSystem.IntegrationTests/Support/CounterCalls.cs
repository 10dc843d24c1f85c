using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests;

/// <summary>One call of <c>serve_next</c>: whom it finished and whom it called (ids), or that the counter is on break.</summary>
public sealed record CallResult(Guid? Served, Guid? Called, bool OnBreak);

public static class CounterCalls
{
    /// <param name="counterId">Null for an operator's own counter.</param>
    public static async Task<CallResult> ServeNextAsync(this HttpClient http, string token, int? counterId = null)
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/staff/serve_next/", token, counterId is null ? new { } : new { counterId });
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return new CallResult(null, null, OnBreak: true);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new CallResult(IdOf(body.GetProperty("served")), IdOf(body.GetProperty("called")), OnBreak: false);
    }

    /// <summary>Serves everyone at the counter (and those it takes from other lines) until it calls nobody.</summary>
    public static async Task<List<Guid>> DrainAsync(this HttpClient http, string token, int? counterId = null)
    {
        var called = new List<Guid>();
        for (var i = 0; i < 2000; i++)
        {
            var result = await http.ServeNextAsync(token, counterId);
            if (result.Called is not { } id)
            {
                return called;
            }

            called.Add(id);
        }

        throw new InvalidOperationException("The line never emptied.");
    }

    private static Guid? IdOf(JsonElement ticket) => ticket.ValueKind == JsonValueKind.Null ? null : ticket.GetProperty("ticketId").GetGuid();
}
