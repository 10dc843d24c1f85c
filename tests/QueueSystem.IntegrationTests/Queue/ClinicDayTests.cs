using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>A day at a small clinic, end to end through the gateway with real sign-ins and tokens.</summary>
[Collection(SystemCollection.Name)]
public sealed class ClinicDayTests(SystemFixture system)
{
    [Fact]
    public async Task Twenty_patients_two_services_four_counters_a_break_and_a_recall_end_with_everyone_served_once()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var operators = new Dictionary<int, string>();
        foreach (var counterId in new[] { 1, 2, 3, 4 })
        {
            operators[counterId] = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
            await http.DrainAsync(operators[counterId]);
        }

        var patients = new List<(PatientSession Patient, TicketResponse Ticket)>();
        for (var i = 0; i < 20; i++)
        {
            var patient = await http.SignInPatientAsync($"Clinic Patient {i}");
            patients.Add((patient, await http.JoinAsync(i < 12 ? "OPD" : "LAB", patient)));
        }

        var served = new List<Guid>();
        foreach (var token in operators.Values)
        {
            served.AddRange(await ServeNext(http, token));
        }

        // Counter 3's patient is absent: skipped, and recalled a little later.
        using var skip = await http.SendAsync(HttpMethod.Post, "/staff/skip_patient/", operators[3], new { });
        Assert.Equal(HttpStatusCode.OK, skip.StatusCode);
        var absent = (await skip.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("skipped").GetProperty("ticketId").GetGuid();

        // Counter 2 takes a break: its line moves to counter 1.
        using var pause = await http.SendAsync(HttpMethod.Post, "/staff/update_status/", operators[2], new { status = "break" });
        Assert.True((await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redistributed").GetInt32() > 0);
        using (var queue = await http.SendAsync(HttpMethod.Get, "/api/staff/counters/2/queue", operators[2]))
        {
            Assert.Empty((await queue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waiting").EnumerateArray());
        }

        served.AddRange(await ServeNext(http, operators[1]));
        using (var recall = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{absent}/recall", operators[3]))
        {
            Assert.Equal(HttpStatusCode.OK, recall.StatusCode);
        }

        using (var back = await http.SendAsync(HttpMethod.Post, "/staff/update_status/", operators[2], new { status = "available" }))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        // Everyone calls until every line is empty, finishing the last patients too.
        for (var round = 0; round < 50; round++)
        {
            var finished = new List<Guid>();
            foreach (var token in operators.Values)
            {
                finished.AddRange(await ServeNext(http, token));
            }

            served.AddRange(finished);
            if (finished.Count == 0)
            {
                break;
            }
        }

        foreach (var (patient, ticket) in patients)
        {
            Assert.Single(served, id => id == ticket.TicketId);
            using var dashboard = await http.SendAsync(HttpMethod.Get, "/patient_dashboard/", patient.AccessToken);
            var mine = Assert.Single((await dashboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tickets").EnumerateArray());
            Assert.Equal("served", mine.GetProperty("status").GetString());
        }
    }

    /// <summary>Calls the next patient at an operator's counter; returns the ticket it finished as served, if any.</summary>
    private static async Task<List<Guid>> ServeNext(HttpClient http, string operatorToken) =>
        (await http.ServeNextAsync(operatorToken)).Served is { } served ? [served] : [];
}
