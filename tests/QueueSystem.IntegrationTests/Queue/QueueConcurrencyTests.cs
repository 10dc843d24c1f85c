using System.Net;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>Races with real parallel requests through the gateway against the real event store.</summary>
[Collection(SystemCollection.Name)]
public sealed class QueueConcurrencyTests(SystemFixture system)
{
    [Fact]
    public async Task Two_hundred_parallel_joins_get_unique_gap_free_numbers()
    {
        using var http = system.CreateGatewayClient();
        var patients = Enumerable.Range(0, 200).Select(i => system.Patient($"Parallel {i}")).ToList();

        var tickets = await Task.WhenAll(patients.Select(patient => http.JoinAsync("LAB", patient)));

        var sequences = tickets.Select(t => int.Parse(t.QueueId.Split('_')[1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(200, sequences.Distinct().Count());
        Assert.Equal(Enumerable.Range(sequences[0], 200), sequences);
    }

    [Fact]
    public async Task Two_counters_calling_at_once_never_get_the_same_patient()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var mine = await JoinMany(http, "OPD", 100);

        var called = await CallUntilEmpty(http, admin, [1, 2]);

        Assert.Equal(called.Count, called.Distinct().Count());
        Assert.All(mine, ticket => Assert.Single(called, id => id == ticket));
    }

    [Fact]
    public async Task A_break_in_the_middle_of_parallel_calls_loses_and_duplicates_nobody()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var mine = await JoinMany(http, "OPD", 60);
        var calls = new List<Guid>();

        // Some calls at both counters, then a break at counter 2 racing calls at both.
        calls.AddRange(await CallRounds(http, admin, [1, 2], rounds: 5));
        var racing = CallRounds(http, admin, [1, 2], rounds: 5);
        using (var status = await http.SendAsync(HttpMethod.Post, "/staff/update_status/", admin, new { counterId = 2, status = "break" }))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        calls.AddRange(await racing);
        using (var status = await http.SendAsync(HttpMethod.Post, "/staff/update_status/", admin, new { counterId = 2, status = "available" }))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        calls.AddRange(await CallUntilEmpty(http, admin, [1, 2]));
        Assert.Equal(calls.Count, calls.Distinct().Count());
        Assert.All(mine, ticket => Assert.Single(calls, id => id == ticket));
    }

    private async Task<List<Guid>> JoinMany(HttpClient http, string service, int count)
    {
        var tickets = await Task.WhenAll(Enumerable.Range(0, count).Select(i => http.JoinAsync(service, system.Patient($"{service} {i}"))));
        return [.. tickets.Select(t => t.TicketId)];
    }

    /// <summary>Calls at every counter in parallel, round after round, until no counter gets anybody.</summary>
    private static async Task<List<Guid>> CallUntilEmpty(HttpClient http, string token, int[] counters)
    {
        var called = new List<Guid>();
        for (var round = 0; round < 1000; round++)
        {
            var got = await CallRounds(http, token, counters, rounds: 1);
            if (got.Count == 0)
            {
                return called;
            }

            called.AddRange(got);
        }

        throw new InvalidOperationException("The lines never emptied.");
    }

    private static async Task<List<Guid>> CallRounds(HttpClient http, string token, int[] counters, int rounds)
    {
        var called = new List<Guid>();
        for (var round = 0; round < rounds; round++)
        {
            var answers = await Task.WhenAll(counters.Select(counterId => http.ServeNextAsync(token, counterId)));
            called.AddRange(answers.Select(a => a.Called).OfType<Guid>());
        }

        return called;
    }
}
