using System.Globalization;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>
/// Each Queue instance keeps today's state in memory between commands; the event store's version check
/// is what keeps two instances from deciding on stale state. Joins race through two instances at once.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class TwoQueueInstancesTests(SystemFixture system)
{
    [Fact]
    public async Task Joins_racing_through_two_instances_get_unique_gap_free_numbers_and_both_see_every_ticket()
    {
        using var gateway = system.CreateGatewayClient();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(gateway, await gateway.LoginAdminAsync(), "Two Instances Room");
        await using var first = new OtherQueueInstance(system, "first");
        await using var second = new OtherQueueInstance(system, "second");
        using var one = first.CreateClient();
        using var two = second.CreateClient();
        var patients = Enumerable.Range(0, 120).Select(i => system.Patient($"Two Instances {i}")).ToList();

        // Pairs started together, one through each instance, eight pairs at a time.
        using var gate = new SemaphoreSlim(8);
        var tickets = await Task.WhenAll(patients.Chunk(2).Select(async pair =>
        {
            await gate.WaitAsync();
            try
            {
                return await Task.WhenAll(one.JoinAsync(code, pair[0]), two.JoinAsync(code, pair[1]));
            }
            finally
            {
                gate.Release();
            }
        }));

        var sequences = tickets.SelectMany(t => t).Select(t => int.Parse(t.QueueId.Split('_')[1], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 120), sequences);
        foreach (var (patient, ticket) in patients.Zip(tickets.SelectMany(t => t)).Take(10))
        {
            using var dashboard = await two.SendAsync(HttpMethod.Get, "/patient_dashboard", patient.AccessToken);
            Assert.Contains(ticket.QueueId, await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
