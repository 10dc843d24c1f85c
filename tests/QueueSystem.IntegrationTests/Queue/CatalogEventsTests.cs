using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using QueueSystem.Queue.Catalog;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>
/// The catalog is a stream of events: a counter an admin creates is on the screens when the answer comes, every
/// change is in the admin history with who made it, and a catalog stored as documents by an older version is
/// carried into the stream once.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CatalogEventsTests(SystemFixture system)
{
    [Fact]
    public async Task A_screen_opened_right_after_an_admin_creates_counters_lists_them()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var code = "E" + Random.Shared.Next(100_000, 999_999);
        using (var service = await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = "Straight To Screen" }))
        {
            Assert.Equal(HttpStatusCode.Created, service.StatusCode);
        }

        var created = new List<int>();
        foreach (var name in new[] { "Screen Desk 1", "Screen Desk 2", "Screen Desk 3" })
        {
            using var counter = await http.SendAsync(HttpMethod.Post, "/api/admin/counters", admin, new { name, serviceCode = code });
            Assert.Equal(HttpStatusCode.Created, counter.StatusCode);
            created.Add((await counter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        }

        await using var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
        var initial = await screen.NextAsync("initial_data");
        Assert.Equal(created, initial.GetProperty("counters").EnumerateArray().Select(c => c.GetProperty("counter_id").GetInt32()));
        Assert.Equal(["Screen Desk 1", "Screen Desk 2", "Screen Desk 3"], initial.GetProperty("counters").EnumerateArray().Select(c => c.GetProperty("counter_name").GetString()));
    }

    [Fact]
    public async Task Creating_a_counter_is_answered_only_once_the_screens_read_models_hold_it()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var code = "W" + Random.Shared.Next(100_000, 999_999);
        (await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = "Waiting Room" })).Dispose();

        // Display cannot write its counters while this lock is held: the answer must wait for it.
        await using var db = new MySqlConnector.MySqlConnection(await system.ConnectionString("displaydb"));
        await db.OpenAsync();
        await using (var lockCommand = new MySqlConnector.MySqlCommand("LOCK TABLES counters WRITE, catalog_events WRITE", db))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        var answer = http.SendAsync(HttpMethod.Post, "/api/admin/counters", admin, new { name = "Held Desk", serviceCode = code });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var answeredWhileHeld = answer.IsCompleted;
        await using (var unlock = new MySqlConnector.MySqlCommand("UNLOCK TABLES", db))
        {
            await unlock.ExecuteNonQueryAsync();
        }

        using var created = await answer;
        Assert.False(answeredWhileHeld, "the counter was answered before the screens could know it");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
        var initial = await screen.NextAsync("initial_data");
        Assert.Equal(["Held Desk"], initial.GetProperty("counters").EnumerateArray().Select(c => c.GetProperty("counter_name").GetString()));
    }

    [Fact]
    public async Task Every_change_to_the_catalog_is_in_the_admin_history_with_who_made_it_and_when()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var code = "H" + Random.Shared.Next(100_000, 999_999);
        (await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = "History Clinic" })).Dispose();
        (await http.SendAsync(HttpMethod.Put, $"/api/admin/services/{code}", admin, new { name = "History Clinic", isActive = false })).Dispose();
        using var counter = await http.SendAsync(HttpMethod.Post, "/api/admin/counters", admin, new { name = "History Desk", serviceCode = code });
        var counterId = (await counter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await http.SendAsync(HttpMethod.Put, $"/api/admin/counters/{counterId}", admin, new { name = "History Desk 2", serviceCode = code, startTime = "08:00", endTime = "14:00" })).Dispose();

        using var history = await http.SendAsync(HttpMethod.Get, $"/api/admin/history?from={Uri.EscapeDataString(from.ToString("O"))}", admin);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        var mine = (await history.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Where(e => (e.TryGetProperty("service", out var s) && s.ValueKind == JsonValueKind.Object && s.GetProperty("code").GetString() == code)
                || (e.TryGetProperty("counter", out var c) && c.ValueKind == JsonValueKind.Object && c.GetProperty("id").GetInt32() == counterId))
            .ToList();
        Assert.Equal(["service_added", "service_changed", "counter_added", "counter_changed"], mine.Select(e => e.GetProperty("type").GetString()));
        Assert.All(mine, e => Assert.Equal("staff:admin", e.GetProperty("by").GetString()));
        Assert.All(mine, e => Assert.True(e.GetProperty("at").GetDateTimeOffset() >= from));
        Assert.False(mine[1].GetProperty("service").GetProperty("isActive").GetBoolean());
        Assert.Equal("14:00", mine[3].GetProperty("counter").GetProperty("endTime").GetString());

        using var before = await http.SendAsync(HttpMethod.Get, $"/api/admin/history?to={Uri.EscapeDataString(from.AddSeconds(-1).ToString("O"))}", admin);
        Assert.DoesNotContain(code, await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var backwards = await http.SendAsync(HttpMethod.Get, $"/api/admin/history?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddDays(-1).ToString("O"))}", admin);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        using var notAdmin = await http.SendAsync(HttpMethod.Get, "/api/admin/history", await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password));
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }

    [Fact]
    public async Task A_catalog_stored_as_documents_by_an_older_version_is_carried_into_the_stream_once()
    {
        var facility = "migrated-" + Random.Shared.Next(100_000, 999_999);
        var code = "M" + Random.Shared.Next(100_000, 999_999);
        var counterId = Random.Shared.Next(700_000, 799_999);
        // As the older version stored them: documents, no catalog stream.
        using (var older = DocumentStore.For(options =>
        {
            options.Connection(system.ConnectionString("queuedb").GetAwaiter().GetResult());
            options.DatabaseSchemaName = "queue";
            options.Schema.For<StoredService>().Identity(s => s.Code).DocumentAlias("service");
            options.Schema.For<StoredCounter>().DocumentAlias("counter");
        }))
        {
            await using var session = older.LightweightSession();
            session.Store(new StoredService { Code = code, Name = "Migrated Clinic", Description = "From documents", WeekDays = ["Mon", "Tue"] });
            session.Store(new StoredCounter { Id = counterId, Name = "Migrated Desk", ServiceCode = code, StartTime = "07:00", EndTime = "13:00" });
            await session.SaveChangesAsync();
        }

        await using var upgraded = new FacilityQueueInstance(system, facility);
        using var queue = upgraded.CreateClient();
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();

        using var services = await queue.SendAsync(HttpMethod.Get, "/api/admin/services", admin);
        var service = Assert.Single((await services.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal((code, "Migrated Clinic", "From documents"), (service.GetProperty("code").GetString(), service.GetProperty("name").GetString(), service.GetProperty("description").GetString()));
        Assert.Equal(["Mon", "Tue"], service.GetProperty("weekDays").EnumerateArray().Select(d => d.GetString()));
        using var counters = await queue.SendAsync(HttpMethod.Get, "/api/admin/counters", admin);
        var counter = Assert.Single((await counters.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal((counterId, "07:00", "13:00"), (counter.GetProperty("id").GetInt32(), counter.GetProperty("startTime").GetString(), counter.GetProperty("endTime").GetString()));
        using var history = await queue.SendAsync(HttpMethod.Get, "/api/admin/history", admin);
        Assert.All((await history.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), e => Assert.Equal("migration", e.GetProperty("by").GetString()));

        // Once: the documents are gone, so a second start has nothing to carry over again.
        var store = upgraded.Services.GetRequiredService<IDocumentStore>();
        await using var check = store.QuerySession();
        Assert.Empty(await check.Query<StoredService>().Where(s => s.Code == code).ToListAsync());
        Assert.Empty(await check.Query<StoredCounter>().Where(c => c.Id == counterId).ToListAsync());
    }

    /// <summary>A Queue instance of another facility on the running system's store: its catalog stream does not exist yet.</summary>
    private sealed class FacilityQueueInstance(SystemFixture system, string facilityId) : OtherQueueInstance(system, "facility")
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Queue:FacilityId", facilityId);
        }
    }
}
