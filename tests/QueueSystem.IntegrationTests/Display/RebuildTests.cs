using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using QueueSystem.Contracts;

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

        await Eventually.Until(async () => await RebuiltAtAsync(db, rebuildId) is not null, TimeSpan.FromSeconds(60));
        var rebuilt = await SnapshotAsync(db, services);
        Assert.Equal(live.Tickets, rebuilt.Tickets);
        Assert.Equal(live.History, rebuilt.History);
        Assert.Equal(live.Counters, rebuilt.Counters);
        Assert.DoesNotContain(screen.Pending(), frame => frame.GetProperty("type").GetString() == "patient_called");

        using var operatorTry = await http.SendAsync(HttpMethod.Post, "/api/admin/read-models/rebuild", await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password));
        Assert.Equal(HttpStatusCode.Forbidden, operatorTry.StatusCode);
    }

    [Fact]
    public async Task A_rebuild_is_done_only_once_every_message_of_it_is_applied_whatever_order_they_come_in()
    {
        const string facility = "default";
        var service = "Q" + Random.Shared.Next(100_000, 999_999);
        var firstCounter = Random.Shared.Next(800_000, 890_000);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")).DateTime);
        var baseSequence = 2_000_000_000L + Random.Shared.Next(0, 1_000_000) * 100L;
        var now = DateTimeOffset.UtcNow;
        object[] catalog = [.. Enumerable.Range(0, 3).Select(i => new CounterSaved(
            new EventEnvelope(Guid.NewGuid(), $"{facility}/catalog", i + 1, baseSequence - 10 + i, now), facility, firstCounter + i, $"Desk {i + 1}", service, "08:00", "20:00", now, "staff:admin"))];
        JoinedQueue Join(int number) => new(
            new EventEnvelope(Guid.NewGuid(), $"{facility}/{day:yyyy-MM-dd}", number, baseSequence + number, now),
            facility, service, day, Guid.NewGuid(), $"{service}_{number:D3}_1234", number, Guid.NewGuid(), $"Patient {number}",
            firstCounter + number % 3, $"Room {number % 3}", now, "patient", null, null, []);
        var joins = Enumerable.Range(1, 40).Select(n => (object)Join(n)).ToArray();
        var rebuild = Guid.CreateVersion7();
        var replayed = new Dictionary<string, string> { [RebuildHeaders.RebuildId] = rebuild.ToString() };
        await using var db = new MySqlConnection(await system.ConnectionString("displaydb"));
        async Task<long> CountAsync(string table) =>
            await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE service_code = @service", new { service });

        await using (var broker = await TestBroker.ConnectAsync(system))
        {
            // Every replayed message overtakes the start (so it is sent back to wait), and the completion marker comes
            // right after the start: it reaches the read side long before the messages it counts come round again.
            await broker.SendAsync(TestBroker.DisplayQueue, replayed, [.. catalog, .. joins]);
            await broker.SendAsync(TestBroker.DisplayQueue, NoHeaders,
                new ReadModelsRebuildStarted(rebuild, now), new ReadModelsRebuildCompleted(rebuild, joins.Length + catalog.Length, joins.Length + catalog.Length, now));

            await Eventually.Until(async () => await RebuiltAtAsync(db, rebuild) is not null, TimeSpan.FromSeconds(60));
            // Done means done: at the moment it says so, every message of the rebuild is in the tables.
            Assert.Equal(40, await CountAsync("ticket_events"));
            Assert.Equal(40, await CountAsync("tickets"));
            Assert.Equal(
                ["Desk 1 08:00-20:00", "Desk 2 08:00-20:00", "Desk 3 08:00-20:00"],
                await db.QueryAsync<string>(
                    "SELECT CONCAT(counter_name, ' ', start_time, '-', end_time) FROM counters WHERE service_code = @service ORDER BY counter_id", new { service }));

            // A late start of an older rebuild, and a message of it, must not empty or mix into the finished one.
            var older = Guid.CreateVersion7(now.AddMinutes(-1));
            await broker.SendAsync(TestBroker.DisplayQueue, NoHeaders, new ReadModelsRebuildStarted(older, now));
            await broker.SendAsync(TestBroker.DisplayQueue, new Dictionary<string, string> { [RebuildHeaders.RebuildId] = older.ToString() }, Join(41));
            await broker.PublishAsync(Join(42));
            await Eventually.Until(async () => await CountAsync("ticket_events") >= 41);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(41, await CountAsync("ticket_events"));
            Assert.Equal(rebuild, await db.ExecuteScalarAsync<Guid>("SELECT rebuild_id FROM read_model_info WHERE id = 1"));
        }

        // Put the shared system's read models back: a real rebuild from the event store, which holds none of the above.
        using var http = system.CreateGatewayClient();
        using var response = await http.SendAsync(HttpMethod.Post, "/api/admin/read-models/rebuild", await http.LoginAdminAsync());
        var restore = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rebuildId").GetGuid();
        await Eventually.Until(async () => await RebuiltAtAsync(db, restore) is not null, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await CountAsync("ticket_events"));
        Assert.True(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM counters") > 0);
    }

    private static readonly Dictionary<string, string> NoHeaders = [];

    private static Task<DateTime?> RebuiltAtAsync(MySqlConnection db, Guid rebuildId) =>
        db.ExecuteScalarAsync<DateTime?>("SELECT rebuilt_at FROM read_model_info WHERE id = 1 AND rebuild_id = @id", new { id = rebuildId.ToString() });

    private sealed record Snapshot(string Tickets, string History, string Counters);

    private static async Task<Snapshot> SnapshotAsync(MySqlConnection db, string[] services)
    {
        async Task<string> RowsAsync(string sql) =>
            JsonSerializer.Serialize((await db.QueryAsync(sql, new { services })).Select(row => (IDictionary<string, object>)row));
        return new Snapshot(
            await RowsAsync("SELECT * FROM tickets WHERE service_code IN @services ORDER BY ticket_id"),
            await RowsAsync("SELECT * FROM ticket_events WHERE service_code IN @services ORDER BY event_id"),
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
