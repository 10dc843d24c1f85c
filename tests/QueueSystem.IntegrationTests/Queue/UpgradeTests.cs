using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>
/// Before the facility's day was one stream, each service's day was a stream of its own. A system upgraded
/// during the day carries on from what those streams hold: the same line, the same numbering, the same history.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class UpgradeTests(SystemFixture system)
{
    [Fact]
    public async Task Todays_service_streams_of_before_the_upgrade_are_carried_on_by_the_facilitys_day()
    {
        using var gateway = system.CreateGatewayClient();
        var admin = await gateway.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(gateway, admin, "Upgrade Room");
        var earlier = system.Patient("Joined Before Upgrade");
        // A Queue instance started after the upgrade, on a store where the previous version wrote this service's day.
        await using var upgraded = new OtherQueueInstance(system, "upgrade");
        var catalog = upgraded.Services.GetRequiredService<ServiceCatalog>();
        var (day, now) = catalog.Today();
        var earlierTicket = Guid.CreateVersion7();
        await using (var session = upgraded.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream(
                StreamKeys.ForServiceDay(catalog.FacilityId, code, day),
                new JoinedQueue(earlierTicket, catalog.FacilityId, code, day, 1, $"{code}_001_0042", earlier.PatientId, earlier.Name, counterId, "Upgrade Room", now, "patient"));
            await session.SaveChangesAsync();
        }

        using var queue = upgraded.CreateClient();
        using (var line = await queue.SendAsync(HttpMethod.Get, $"/api/staff/counters/{counterId}/queue", admin))
        {
            var waiting = (await line.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waiting").EnumerateArray().ToArray();
            Assert.Equal(earlierTicket, Assert.Single(waiting).GetProperty("ticketId").GetGuid());
            Assert.Equal(1, waiting[0].GetProperty("position").GetInt32());
        }

        var later = await queue.JoinAsync(code, system.Patient("Joined After Upgrade"));
        Assert.Equal(2, int.Parse(later.QueueId.Split('_')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, later.Position);
        using (var again = await queue.SendAsync(HttpMethod.Post, "/join_queue", earlier.AccessToken, new { serviceCode = code }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var call = await queue.SendAsync(HttpMethod.Post, "/staff/serve_next", admin, new { counterId }))
        {
            var called = (await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("called");
            Assert.Equal(earlierTicket, called.GetProperty("ticketId").GetGuid());
        }

        using var history = await queue.SendAsync(HttpMethod.Get, $"/api/staff/tickets/{earlierTicket}/history", admin);
        var types = (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString());
        Assert.Equal(["joined", "called"], types);
    }

    /// <summary>Services stored before the priority mix existed read back with its defaults, as the event store's own serializer reads them.</summary>
    [Fact]
    public async Task A_service_stored_before_the_priority_mix_reads_back_with_its_defaults()
    {
        await using var queue = new OtherQueueInstance(system, "old-service");
        var serializer = queue.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        var stored = System.Text.Json.Nodes.JsonNode.Parse(serializer.ToJson(new CatalogService("OPD", "Outpatients", "", ["Mon"], true, 0, 90)))!.AsObject();
        foreach (var name in stored.Select(p => p.Key).Where(k => k.Equals("PriorityRun", StringComparison.OrdinalIgnoreCase) || k.Equals("TargetWaitMinutes", StringComparison.OrdinalIgnoreCase) || k.Equals("Rules", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            stored.Remove(name);
        }

        Assert.Equal(5, stored.Count);
        using var old = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored.ToJsonString()));
        var read = serializer.FromJson<CatalogService>(old);

        Assert.Equal((ServiceRules.Default.PriorityRun, ServiceRules.Default.TargetWaitMinutes, "Outpatients"), (read.PriorityRun, read.TargetWaitMinutes, read.Name));
    }
}
