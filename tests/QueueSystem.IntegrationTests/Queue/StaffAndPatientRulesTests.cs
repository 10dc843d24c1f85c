using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Queue;

[Collection(SystemCollection.Name)]
public sealed class StaffAndPatientRulesTests(SystemFixture system)
{
    [Fact]
    public async Task An_operator_acts_only_on_their_own_counter()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var operatorToken = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId: 3), StaffHelpers.Password);

        Assert.Equal(HttpStatusCode.Forbidden, await Status(http, "/staff/serve_next/", operatorToken, new { counterId = 4 }));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(http, "/staff/update_status/", operatorToken, new { counterId = 4, status = "break" }));
        Assert.Equal(HttpStatusCode.OK, await Status(http, "/staff/update_status/", operatorToken, new { status = "available" }));
        Assert.Equal(HttpStatusCode.OK, await Status(http, "/staff/serve_next/", operatorToken, new { }));
    }

    [Theory]
    [InlineData("/staff/serve_next/", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("/staff/serve_next/", """{"counterId": 999}""", HttpStatusCode.NotFound)]
    [InlineData("/staff/serve_next/", """{"counterId": "one"}""", HttpStatusCode.BadRequest)]
    [InlineData("/staff/serve_next/", """{"counterId": 1""", HttpStatusCode.BadRequest)]
    [InlineData("/staff/update_status/", """{"counterId": 1, "status": "asleep"}""", HttpStatusCode.BadRequest)]
    [InlineData("/staff/update_status/", """{"counterId": 1, "status": "closed"}""", HttpStatusCode.BadRequest)]
    [InlineData("/staff/update_status/", """{"counterId": 1, "status": "2"}""", HttpStatusCode.BadRequest)]
    public async Task Bad_staff_requests_are_problems_and_change_nothing(string path, string body, HttpStatusCode expected)
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var before = await CountersJson(http, admin);

        using var response = await http.PostRawAsync(path, body, admin);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountersJson(http, admin));
    }

    [Fact]
    public async Task A_skipped_patient_is_recalled_to_the_head_of_the_line_and_sees_it_on_their_dashboard()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        await http.DrainAsync(admin, 4);
        var absent = system.Patient("Absent");
        var ticket = await http.JoinAsync("LAB", absent);
        await http.JoinAsync("LAB", system.Patient("Next One"));
        var counterId = ticket.CounterId!.Value;
        await CallUntil(http, admin, counterId, ticket.TicketId);

        using var skip = await http.SendAsync(HttpMethod.Post, "/staff/skip_patient/", admin, new { counterId });
        var skipped = await skip.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ticket.TicketId, skipped.GetProperty("skipped").GetProperty("ticketId").GetGuid());

        using var recall = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{ticket.TicketId}/recall", admin);
        var recalled = await recall.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("waiting", recalled.GetProperty("status").GetString());
        Assert.Equal(1, recalled.GetProperty("position").GetInt32());

        using var dashboard = await http.SendAsync(HttpMethod.Get, "/patient_dashboard/", absent.AccessToken);
        var mine = Assert.Single((await dashboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tickets").EnumerateArray());
        Assert.Equal(1, mine.GetProperty("position").GetInt32());
        Assert.Equal(JsonValueKind.String, mine.GetProperty("nowServing").ValueKind);

        using var again = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{ticket.TicketId}/recall", admin);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var history = await http.SendAsync(HttpMethod.Get, $"/api/staff/tickets/{ticket.TicketId}/history", admin);
        var events = (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["joined", "called", "skipped", "recalled"], events.Select(e => e.GetProperty("type").GetString()).Where(t => t != "reassigned"));
        Assert.All(events.Skip(1), e => Assert.StartsWith("staff:admin", e.GetProperty("by").GetString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(HttpMethod.Get, $"/api/staff/tickets/{ticket.TicketId}/history", absent.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_patient_cancels_their_own_waiting_ticket_only()
    {
        using var http = system.CreateGatewayClient();
        var patient = system.Patient("Leaving");
        var ticket = await http.JoinAsync("OPD", patient);

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(HttpMethod.Post, $"/api/tickets/{ticket.TicketId}/cancel", system.Patient("Other").AccessToken)).StatusCode);
        using var cancel = await http.SendAsync(HttpMethod.Post, $"/api/tickets/{ticket.TicketId}/cancel", patient.AccessToken);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(HttpMethod.Post, $"/api/tickets/{ticket.TicketId}/cancel", patient.AccessToken)).StatusCode);

        // Having left, the patient may join again.
        await http.JoinAsync("OPD", patient);
    }

    [Fact]
    public async Task The_service_list_says_what_is_open_and_waiting()
    {
        using var http = system.CreateGatewayClient();
        var services = await http.GetFromJsonAsync<JsonElement[]>("/api/services");

        Assert.Contains(services!, s => s.GetProperty("code").GetString() == "OPD" && s.GetProperty("open").GetBoolean());
        Assert.All(services!, s => Assert.True(s.GetProperty("waiting").GetInt32() >= 0));
    }

    private static async Task<string> CountersJson(HttpClient http, string token)
    {
        using var response = await http.SendAsync(HttpMethod.Get, "/api/staff/counters", token);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpStatusCode> Status(HttpClient http, string path, string token, object body)
    {
        using var response = await http.SendAsync(HttpMethod.Post, path, token, body);
        return response.StatusCode;
    }

    private static async Task CallUntil(HttpClient http, string token, int counterId, Guid ticketId)
    {
        for (var i = 0; i < 1000; i++)
        {
            if ((await http.ServeNextAsync(token, counterId)).Called == ticketId)
            {
                return;
            }
        }

        throw new InvalidOperationException("The ticket was never called.");
    }
}
