using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Display;

/// <summary>A screen that drops out during a burst of calls comes back showing the true state.</summary>
[Collection(SystemCollection.Name)]
public sealed class ReconnectTests(SystemFixture system)
{
    [Fact]
    public async Task A_screen_that_disconnects_during_a_burst_of_calls_reconnects_to_the_true_state()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, first) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Burst Room 1");
        await ClinicSetup.AddCounterAsync(http, admin, code, "Burst Room 2");

        var supervisor = await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => http.JoinAsync(code, system.Patient($"Burst {i}"))));
        var counters = await CountersOfAsync(http, supervisor, code);

        var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
        await screen.NextAsync("initial_data");
        var calls = new List<Task>();
        for (var i = 0; i < 12; i++)
        {
            calls.Add(http.ServeNextAsync(supervisor, counters[i % 2]));
            if (i == 4)
            {
                await screen.DisposeAsync(); // gone mid-burst
            }
        }

        await Task.WhenAll(calls);
        var truth = await TruthAsync(http, supervisor, code);
        var shown = await Eventually.Get(async () =>
        {
            await using var again = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
            var board = Board((await again.NextAsync("initial_data")).GetProperty("counters"));
            return board == truth ? board : null;
        });
        Assert.Equal(truth, shown);
    }

    private static async Task<int[]> CountersOfAsync(HttpClient http, string token, string code)
    {
        using var response = await http.SendAsync(HttpMethod.Get, "/api/staff/counters", token);
        var all = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        return [.. all!.Where(c => c.GetProperty("serviceCode").GetString() == code).Select(c => c.GetProperty("id").GetInt32()).Order()];
    }

    /// <summary>What the Queue service (the source of truth) says each counter serves and how many wait there.</summary>
    private static async Task<string> TruthAsync(HttpClient http, string token, string code)
    {
        using var response = await http.SendAsync(HttpMethod.Get, "/api/staff/counters", token);
        var all = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        return string.Join("; ", all!.Where(c => c.GetProperty("serviceCode").GetString() == code).OrderBy(c => c.GetProperty("id").GetInt32()).Select(c =>
            $"{c.GetProperty("id").GetInt32()}: {(c.GetProperty("serving").ValueKind == JsonValueKind.Object ? c.GetProperty("serving").GetProperty("queueId").GetString() : "-")} + {c.GetProperty("queueLength").GetInt32()}"));
    }

    private static string Board(JsonElement counters) =>
        string.Join("; ", counters.EnumerateArray().OrderBy(c => c.GetProperty("counter_id").GetInt32()).Select(c =>
            $"{c.GetProperty("counter_id").GetInt32()}: {(c.GetProperty("serving_patient").ValueKind == JsonValueKind.Object ? c.GetProperty("serving_patient").GetProperty("queue_id").GetString() : "-")} + {c.GetProperty("queue_length").GetInt32()}"));
}
