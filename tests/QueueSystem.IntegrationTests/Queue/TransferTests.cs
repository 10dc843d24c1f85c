using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>A visit across services through the gateway: OPD → lab → back to OPD, races, and refusals.</summary>
[Collection(SystemCollection.Name)]
public sealed class TransferTests(SystemFixture system)
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> TransferAsync(HttpClient http, string token, Guid ticketId, object body)
    {
        using var response = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{ticketId}/transfer", token, body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_called_patient_sent_from_OPD_to_the_lab_keeps_the_ticket_is_texted_and_the_history_spans_both()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var opd = await ClinicSetup.NewServiceAsync(http, admin, "Visit OPD");
        var lab = await ClinicSetup.NewServiceAsync(http, admin, "Visit Laboratory");
        var opdCounter = await ClinicSetup.AddCounterAsync(http, admin, opd, "Visit Room 1");
        var labCounter = await ClinicSetup.AddCounterAsync(http, admin, lab, "Visit Lab 1");
        var doctorName = await http.CreateStaffAsync(admin, "operator", opdCounter);
        var doctor = await http.LoginAsync(doctorName, StaffHelpers.Password);
        var patient = await http.SignInPatientAsync("Visit Patient");
        var ticket = await http.JoinAsync(opd, patient);
        await http.JoinAsync(opd, system.Patient("Visit Other 1"));
        await http.JoinAsync(lab, system.Patient("Visit Lab Waiting"));
        Assert.Equal(ticket.TicketId, (await http.ServeNextAsync(doctor)).Called);

        var (status, moved) = await TransferAsync(http, doctor, ticket.TicketId, new { serviceCode = lab, placement = "end", note = "blood test" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((ticket.TicketId, ticket.QueueId, lab, labCounter, "waiting", 2),
            (moved.GetProperty("ticketId").GetGuid(), moved.GetProperty("queueId").GetString(), moved.GetProperty("serviceCode").GetString(),
             moved.GetProperty("counterId").GetInt32(), moved.GetProperty("status").GetString(), moved.GetProperty("position").GetInt32()));
        var mine = Assert.Single(await http.TicketsOfAsync(patient));
        Assert.Equal((lab, "waiting"), (mine.GetProperty("serviceCode").GetString(), mine.GetProperty("status").GetString()));
        var text = await Eventually.Get(async () =>
            (await http.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(patient.Phone)}"))!
                .FirstOrDefault(m => m.GetProperty("kind").GetString() == "transferred") is { ValueKind: JsonValueKind.Object } sms ? sms.GetProperty("body").GetString() : null);
        Assert.Equal($"{ticket.QueueId}: please go to Visit Laboratory, you are number 2.", text);

        // The doctor's counter is free: the next call serves nobody and calls the next patient.
        var next = await http.ServeNextAsync(doctor);
        Assert.Null(next.Served);
        Assert.NotNull(next.Called);

        // The lab sees them and is done: the visit there is over, so it cannot be sent on again.
        await http.DrainAsync(admin, labCounter);
        using (var labQueue = await http.SendAsync(HttpMethod.Get, $"/api/staff/counters/{labCounter}/queue", admin))
        {
            var current = (await labQueue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current");
            Assert.Equal(JsonValueKind.Null, current.ValueKind); // the line emptied: the last one served
        }

        (status, _) = await TransferAsync(http, admin, ticket.TicketId, new { serviceCode = opd, placement = "front" });
        Assert.Equal(HttpStatusCode.Conflict, status);

        var history = await HistoryAsync(http, admin, ticket.TicketId);
        Assert.Equal(["joined", "called", "transferred", "called", "served"], history.Select(e => e.GetProperty("type").GetString()).Where(t => t != "reassigned"));
        Assert.Equal([opd, opd, lab, lab, lab], history.Where(e => e.GetProperty("type").GetString() != "reassigned").Select(e => e.GetProperty("serviceCode").GetString()));
        Assert.Equal($"from {opd} to {lab}, end: blood test", history.Single(e => e.GetProperty("type").GetString() == "transferred").GetProperty("detail").GetString());
        Assert.Equal($"staff:{doctorName}", history.Single(e => e.GetProperty("type").GetString() == "transferred").GetProperty("by").GetString());

        // The day's report counts the route and the visit's whole time, from the OPD join to the lab's service.
        var report = await Eventually.Get(async () =>
        {
            using var response = await http.SendAsync(HttpMethod.Get, "/api/reports/daily", admin);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("transfers").EnumerateArray().Any(m => m.GetProperty("fromServiceCode").GetString() == opd && m.GetProperty("toServiceCode").GetString() == lab)
                && body.GetProperty("visits").GetProperty("transferred").GetInt32() >= 1
                && body.GetProperty("visits").GetProperty("averageTransferredVisitMinutes").ValueKind == JsonValueKind.Number ? new Box(body) : null; // once the lab's service is read too
        });
        var route = report.Value.GetProperty("transfers").EnumerateArray().Single(m => m.GetProperty("fromServiceCode").GetString() == opd);
        Assert.Equal(1, route.GetProperty("transfers").GetInt32());
        using var csv = await http.SendAsync(HttpMethod.Get, "/api/reports/daily?format=csv", admin);
        Assert.Contains($",transfer,{opd},", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record Box(JsonElement Value);

    [Fact]
    public async Task A_patient_called_at_the_lab_comes_back_to_the_front_of_OPD()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var opd = await ClinicSetup.NewServiceAsync(http, admin, "Return OPD");
        var lab = await ClinicSetup.NewServiceAsync(http, admin, "Return Lab");
        var opdCounter = await ClinicSetup.AddCounterAsync(http, admin, opd, "Return Room");
        var labCounter = await ClinicSetup.AddCounterAsync(http, admin, lab, "Return Lab 1");
        var ticket = await http.JoinAsync(opd, system.Patient("Return Patient"));
        await TransferAsync(http, admin, ticket.TicketId, new { serviceCode = lab });
        Assert.Equal(ticket.TicketId, (await http.ServeNextAsync(admin, labCounter)).Called);
        var waiting = new List<TicketResponse>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add(await http.JoinAsync(opd, system.Patient($"Return Waiting {i}")));
        }

        var (status, back) = await TransferAsync(http, admin, ticket.TicketId, new { serviceCode = opd, placement = "front", note = "reports ready" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((opd, 1), (back.GetProperty("serviceCode").GetString(), back.GetProperty("position").GetInt32()));
        Assert.Equal([ticket.TicketId, .. waiting.Select(t => t.TicketId)], await http.DrainAsync(admin, opdCounter));
        var types = (await HistoryAsync(http, admin, ticket.TicketId)).Select(e => e.GetProperty("type").GetString()).Where(t => t != "reassigned");
        Assert.Equal(["joined", "transferred", "called", "transferred", "called", "served"], types);
    }

    /// <summary>A transfer into a service and a call there at the same moment: the ticket ends in exactly one place, the counter calls one patient.</summary>
    [Fact]
    public async Task A_transfer_racing_a_call_at_the_target_service_leaves_the_ticket_in_exactly_one_place()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var opd = await ClinicSetup.NewServiceAsync(http, admin, "Race OPD");
        var lab = await ClinicSetup.NewServiceAsync(http, admin, "Race Lab");
        await ClinicSetup.AddCounterAsync(http, admin, opd, "Race Room");
        var labCounter = await ClinicSetup.AddCounterAsync(http, admin, lab, "Race Lab 1");
        for (var round = 0; round < 5; round++)
        {
            var ticket = await http.JoinAsync(opd, system.Patient($"Race Sent {round}"));
            var other = await http.JoinAsync(lab, system.Patient($"Race Waiting {round}"));
            var transfer = TransferAsync(http, admin, ticket.TicketId, new { serviceCode = lab, placement = "front" });
            var call = http.ServeNextAsync(admin, labCounter);
            await Task.WhenAll(transfer, call);

            Assert.Equal(HttpStatusCode.OK, (await transfer).Status);
            Assert.Contains((await call).Called, new Guid?[] { ticket.TicketId, other.TicketId });
            using var labQueue = await http.SendAsync(HttpMethod.Get, $"/api/staff/counters/{labCounter}/queue", admin);
            var view = await labQueue.Content.ReadFromJsonAsync<JsonElement>();
            var places = view.GetProperty("waiting").EnumerateArray().Select(t => t.GetProperty("ticketId").GetGuid())
                .Append(view.GetProperty("current").GetProperty("ticketId").GetGuid()).ToList();
            Assert.Equal(1, places.Count(id => id == ticket.TicketId));
            Assert.Equal(1, places.Count(id => id == other.TicketId));
            await http.DrainAsync(admin, labCounter);
        }
    }

    [Fact]
    public async Task Bad_transfers_are_problems_and_change_nothing()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var opd = await ClinicSetup.NewServiceAsync(http, admin, "Refused OPD");
        var lab = await ClinicSetup.NewServiceAsync(http, admin, "Refused Lab");
        var closed = await ClinicSetup.NewServiceAsync(http, admin, "Refused Closed"); // no counter: closed
        var opdCounter = await ClinicSetup.AddCounterAsync(http, admin, opd, "Refused Room");
        var other = await ClinicSetup.AddCounterAsync(http, admin, lab, "Refused Lab 1");
        var stranger = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", other), StaffHelpers.Password);
        var patient = system.Patient("Refused Patient");
        var ticket = await http.JoinAsync(opd, patient);
        await http.JoinAsync(lab, patient); // holds a lab ticket already

        foreach (var (token, id, body, expected) in new (string, Guid, object, HttpStatusCode)[]
        {
            (admin, ticket.TicketId, new { serviceCode = closed }, HttpStatusCode.UnprocessableEntity),
            (admin, ticket.TicketId, new { serviceCode = lab }, HttpStatusCode.Conflict),
            (admin, ticket.TicketId, new { serviceCode = opd }, HttpStatusCode.BadRequest),
            (admin, ticket.TicketId, new { serviceCode = "NOPE1" }, HttpStatusCode.BadRequest),
            (admin, ticket.TicketId, new { serviceCode = closed, placement = "middle" }, HttpStatusCode.BadRequest),
            (admin, ticket.TicketId, new { serviceCode = closed, note = new string('x', 201) }, HttpStatusCode.BadRequest),
            (admin, Guid.NewGuid(), new { serviceCode = lab }, HttpStatusCode.NotFound),
            (stranger, ticket.TicketId, new { serviceCode = closed }, HttpStatusCode.Forbidden),
        })
        {
            var (status, problem) = await TransferAsync(http, token, id, body);
            Assert.Equal(expected, status);
            Assert.True(problem.TryGetProperty("title", out _));
        }

        using (var malformed = await http.PostRawAsync($"/api/staff/tickets/{ticket.TicketId}/transfer", "{\"serviceCode\": ", admin))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        var tickets = await http.TicketsOfAsync(patient);
        Assert.Contains(tickets, t => t.GetProperty("ticketId").GetGuid() == ticket.TicketId && t.GetProperty("serviceCode").GetString() == opd && t.GetProperty("position").GetInt32() == 1);
        Assert.Equal(["joined"], (await HistoryAsync(http, admin, ticket.TicketId)).Select(e => e.GetProperty("type").GetString()));
        await http.DrainAsync(admin, opdCounter);
        await http.ServeNextAsync(admin, opdCounter); // served
        Assert.Equal(HttpStatusCode.Conflict, (await TransferAsync(http, admin, ticket.TicketId, new { serviceCode = closed })).Status);
    }

    private static async Task<List<JsonElement>> HistoryAsync(HttpClient http, string admin, Guid ticketId)
    {
        using var history = await http.SendAsync(HttpMethod.Get, $"/api/staff/tickets/{ticketId}/history", admin);
        return [.. (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray()];
    }
}
