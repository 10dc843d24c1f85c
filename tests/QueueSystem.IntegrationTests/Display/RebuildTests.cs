using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using QueueSystem.IntegrationTests.Identity;

namespace QueueSystem.IntegrationTests.Display;

/// <summary>The read models can be dropped and rebuilt from the event store, ending equal to the live ones.</summary>
[Collection(SystemCollection.Name)]
public sealed class RebuildTests(SystemFixture system)
{
    [Fact]
    public async Task A_rebuild_replays_the_event_store_into_tables_equal_to_the_live_ones_and_announces_nothing()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var services = (await http.GetFromJsonAsync<JsonElement[]>("/api/services"))!.Select(s => s.GetProperty("code").GetString()!).ToArray();
        await http.JoinAsync("OPD", system.Patient("Before Rebuild"));
        await using var db = new MySqlConnection(await system.ConnectionString("displaydb"));
        // The rebuild starts from the current catalog, which reaches the read side within seconds of a change
        // (the Queue reloads it every 5 s): compare with live tables only once they hold it too.
        using (var counters = await http.SendAsync(HttpMethod.Get, "/api/admin/counters", admin))
        {
            var catalog = JsonSerializer.Serialize((await counters.Content.ReadFromJsonAsync<JsonElement[]>())!
                .Where(c => services.Contains(c.GetProperty("serviceCode").GetString()))
                .Select(c => $"{c.GetProperty("id").GetInt32()} {c.GetProperty("name").GetString()} {c.GetProperty("serviceCode").GetString()}")
                .Order(StringComparer.Ordinal));
            await Eventually.Until(
                async () => JsonSerializer.Serialize((await db.QueryAsync<string>(
                    "SELECT CONCAT(counter_id, ' ', counter_name, ' ', service_code) FROM counters WHERE service_code IN @services", new { services }))
                    .Order(StringComparer.Ordinal)) == catalog,
                TimeSpan.FromSeconds(30));
        }

        // Only services of the catalog: other tests publish made-up events straight to RabbitMQ, which no store holds.
        var live = await SettledAsync(() => SnapshotAsync(db, services));
        await using var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri("/ws/queue/updates/"));
        await screen.NextAsync("initial_data");

        using var response = await http.SendAsync(HttpMethod.Post, "/api/admin/read-models/rebuild", admin);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rebuildId = started.GetProperty("rebuildId").GetGuid();
        Assert.True(started.GetProperty("events").GetInt64() > 0);

        await Eventually.Until(
            async () => await db.ExecuteScalarAsync<long?>("SELECT rebuild_events FROM read_model_info WHERE id = 1 AND rebuild_id = @id", new { id = rebuildId.ToString() }) is not null,
            TimeSpan.FromSeconds(60));
        var rebuilt = await SnapshotAsync(db, services);
        Assert.Equal(live.Tickets, rebuilt.Tickets);
        Assert.Equal(live.History, rebuilt.History);
        Assert.Equal(live.Counters, rebuilt.Counters);
        Assert.DoesNotContain(screen.Pending(), frame => frame.GetProperty("type").GetString() == "patient_called");

        using var operatorTry = await http.SendAsync(HttpMethod.Post, "/api/admin/read-models/rebuild", await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), "staff-password-1"));
        Assert.Equal(HttpStatusCode.Forbidden, operatorTry.StatusCode);
    }

    private sealed record Snapshot(string Tickets, string History, string Counters);

    private static async Task<Snapshot> SnapshotAsync(MySqlConnection db, string[] services)
    {
        async Task<string> RowsAsync(string sql) =>
            JsonSerializer.Serialize((await db.QueryAsync(sql, new { services })).Select(row => (IDictionary<string, object>)row));
        return new Snapshot(
            await RowsAsync("SELECT * FROM tickets WHERE service_code IN @services ORDER BY ticket_id"),
            await RowsAsync("SELECT * FROM ticket_events WHERE service_code IN @services ORDER BY event_id"),
            // When the catalog was last republished is not part of the state.
            await RowsAsync("SELECT facility_id, counter_id, counter_name, service_code, start_time, end_time, status, status_day, status_version, serving_ticket_id, serving_day, serving_version FROM counters WHERE service_code IN @services ORDER BY counter_id"));
    }

    /// <summary>Reads until two reads a second apart agree, so events still on their way are in.</summary>
    private static async Task<Snapshot> SettledAsync(Func<Task<Snapshot>> read)
    {
        var previous = await read();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var current = await read();
            if (current == previous)
            {
                return current;
            }

            previous = current;
        }
    }
}
