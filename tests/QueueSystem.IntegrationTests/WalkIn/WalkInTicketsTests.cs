using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.WalkIn;

/// <summary>Walk-in tickets from the reception desk and kiosks: who may issue them, whom they belong to, and the texts they bring.</summary>
[Collection(SystemCollection.Name)]
public sealed class WalkInTicketsTests(SystemFixture system)
{
    [Fact]
    public async Task A_ticket_issued_at_reception_for_a_phone_belongs_to_its_patient_who_is_texted_when_called_and_sent_on()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Walk-in Room");
        var (lab, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Walk-in Lab");
        var clerk = await http.LoginAsync(await http.CreateStaffAsync(admin, "reception"), StaffHelpers.Password);
        var doctor = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var phone = Gateway.NewPhone();

        // Any category, emergency included: the clerk has checked.
        var ticket = await IssueAsync(http, clerk, new { serviceCode = code, name = "Ram Lal", phone = phone[3..], category = "EMERGENCY" });
        Assert.Equal("Ram Lal", ticket.GetProperty("patientName").GetString());
        Assert.Equal("EMERGENCY", ticket.GetProperty("category").GetString());
        Assert.Equal("waiting", ticket.GetProperty("status").GetString());
        Assert.False(ticket.TryGetProperty("phone", out _));

        // The one-ticket-per-service rule holds for the phone's patient, at the desk as in the app.
        using (var again = await http.SendAsync(HttpMethod.Post, "/api/reception/tickets", clerk, new { serviceCode = code, name = "Ram Lal", phone }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // The patient of that phone signs in later and sees the ticket as theirs.
        var patient = await http.SignInPatientAsync("Ram Lal", phone);
        var tickets = await http.TicketsOfAsync(patient);
        Assert.Equal(ticket.GetProperty("ticketId").GetGuid(), Assert.Single(tickets).GetProperty("ticketId").GetGuid());

        var queueId = ticket.GetProperty("queueId").GetString()!;
        Assert.Equal(ticket.GetProperty("ticketId").GetGuid(), (await http.ServeNextAsync(doctor)).Called);
        var called = await Eventually.Get(() => http.TextsAsync(phone, "called"));
        Assert.Equal($"{queueId}, please go to Walk-in Room.", called[0]);

        using (var sent = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{ticket.GetProperty("ticketId").GetGuid()}/transfer", doctor, new { serviceCode = lab, placement = "end" }))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var transferred = await Eventually.Get(() => http.TextsAsync(phone, "transferred"));
        Assert.Contains(queueId, transferred[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_without_a_phone_has_a_holder_of_its_own_and_reprints_by_its_number()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "No Phone Room");
        var clerk = await http.LoginAsync(await http.CreateStaffAsync(admin, "reception"), StaffHelpers.Password);

        var first = await IssueAsync(http, clerk, new { serviceCode = code, name = "Kamla Devi", phone = (string?)null, category = (string?)null });
        // The same name again without a phone is another patient: no one-ticket conflict between strangers.
        var second = await IssueAsync(http, clerk, new { serviceCode = code, name = "Kamla Devi", phone = "", category = "SENIOR" });
        Assert.NotEqual(first.GetProperty("ticketId").GetGuid(), second.GetProperty("ticketId").GetGuid());

        using var reprint = await http.SendAsync(HttpMethod.Get, $"/api/reception/tickets/{first.GetProperty("queueId").GetString()!.ToLowerInvariant()}", clerk);
        Assert.Equal(HttpStatusCode.OK, reprint.StatusCode);
        var found = await reprint.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("ticketId").GetGuid(), found.GetProperty("ticketId").GetGuid());
        Assert.Equal(first.GetProperty("trackingUrl").GetString(), found.GetProperty("trackingUrl").GetString());

        using var unknown = await http.SendAsync(HttpMethod.Get, $"/api/reception/tickets/{code}_999_0000", clerk);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Only_reception_supervisors_and_admins_issue_and_a_reception_account_does_nothing_else()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Roles Room");
        var clerk = await http.LoginAsync(await http.CreateStaffAsync(admin, "reception"), StaffHelpers.Password);
        var operatorToken = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var supervisor = await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password);
        var patient = system.Patient("Not A Clerk");
        var body = new { serviceCode = code, name = "Role Check" };

        foreach (var (token, expected) in new[] { (operatorToken, HttpStatusCode.Forbidden), (patient.AccessToken, HttpStatusCode.Forbidden), ((string?)null, HttpStatusCode.Unauthorized) })
        {
            using var refused = await http.SendAsync(HttpMethod.Post, "/api/reception/tickets", token, body);
            Assert.Equal(expected, refused.StatusCode);
        }

        foreach (var token in new[] { supervisor, admin })
        {
            using var issued = await http.SendAsync(HttpMethod.Post, "/api/reception/tickets", token, new { serviceCode = code, name = $"Issued {token.Length}" });
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        }

        // The clerk calls nobody, changes no counter, reads no report and administers nothing.
        (HttpMethod, string, object?)[] elsewhere =
        [
            (HttpMethod.Post, "/staff/serve_next/", new { counterId }),
            (HttpMethod.Post, "/staff/update_status/", new { counterId, status = "break" }),
            (HttpMethod.Get, "/api/staff/counters", null),
            (HttpMethod.Get, "/api/reports/daily", null),
            (HttpMethod.Get, "/api/admin/services", null),
            (HttpMethod.Get, "/api/admin/kiosks", null),
        ];
        foreach (var (method, path, request) in elsewhere)
        {
            using var refused = await http.SendAsync(method, path, clerk, request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var waiting = await Eventually.Get(async () => await http.GetFromJsonAsync<JsonElement[]>("/api/services") is { } services
            && services.Single(s => s.GetProperty("code").GetString() == code).GetProperty("waiting").GetInt32() is var count and > 0 ? (object)count : null);
        Assert.Equal(2, waiting);
    }

    [Fact]
    public async Task Bad_requests_at_the_desk_are_refused_and_issue_nothing()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Bad Input Room");
        var clerk = await http.LoginAsync(await http.CreateStaffAsync(admin, "reception"), StaffHelpers.Password);

        (object Body, HttpStatusCode Status)[] cases =
        [
            (new { serviceCode = code, name = "Bad Phone", phone = "12345" }, HttpStatusCode.BadRequest),
            (new { serviceCode = code, name = "Bad Phone", phone = "+1 202 555 0100" }, HttpStatusCode.BadRequest),
            (new { serviceCode = code, name = "" }, HttpStatusCode.BadRequest),
            (new { serviceCode = code, name = "Hidden\u202Eeman" }, HttpStatusCode.BadRequest),
            (new { serviceCode = code, name = "Unknown Category", category = "VIP" }, HttpStatusCode.BadRequest),
            (new { serviceCode = "NOSUCH", name = "Unknown Service" }, HttpStatusCode.NotFound),
            (new { name = "No Service" }, HttpStatusCode.BadRequest),
        ];
        foreach (var (body, status) in cases)
        {
            using var refused = await http.SendAsync(HttpMethod.Post, "/api/reception/tickets", clerk, body);
            Assert.Equal(status, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using (var malformed = await http.PostRawAsync("/api/reception/tickets", "{\"serviceCode\": ", clerk))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        var services = await http.GetFromJsonAsync<JsonElement[]>("/api/services");
        Assert.Equal(0, services!.Single(s => s.GetProperty("code").GetString() == code).GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task A_kiosk_token_issues_self_declared_tickets_at_a_human_pace_does_nothing_else_and_stops_when_revoked()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Kiosk Room");
        var (kioskId, device) = await http.RegisterKioskAsync(admin, "Main entrance");

        // Listed without its token.
        using (var list = await http.SendAsync(HttpMethod.Get, "/api/admin/kiosks", admin))
        {
            var text = await list.Content.ReadAsStringAsync();
            Assert.Contains(kioskId.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain(device, text, StringComparison.Ordinal);
        }

        using (var issued = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", device, new { serviceCode = code, category = "SENIOR" }))
        {
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            var ticket = await issued.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("SENIOR", ticket.GetProperty("category").GetString());
            Assert.Equal("Walk-in", ticket.GetProperty("patientName").GetString());
        }

        using (var emergency = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", device, new { serviceCode = code, name = "Self Emergency", category = "EMERGENCY" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, emergency.StatusCode);
        }

        // The device token is nothing but a kiosk's: everywhere else it is no token at all.
        (HttpMethod, string, object?)[] elsewhere =
        [
            (HttpMethod.Post, "/join_queue/", new { serviceCode = code }),
            (HttpMethod.Post, "/api/reception/tickets", new { serviceCode = code, name = "Kiosk As Clerk" }),
            (HttpMethod.Post, "/staff/serve_next/", new { counterId }),
            (HttpMethod.Get, "/api/admin/kiosks", null),
            (HttpMethod.Get, "/patient_dashboard/", null),
        ];
        foreach (var (method, path, request) in elsewhere)
        {
            using var refused = await http.SendAsync(method, path, device, request);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Signed-in people are of the wrong kind for the kiosk's endpoint.
        using (var clerkAtKiosk = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", admin, new { serviceCode = code }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, clerkAtKiosk.StatusCode);
        }

        using (var revoke = await http.SendAsync(HttpMethod.Delete, $"/api/admin/kiosks/{kioskId}", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var revoked = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", device, new { serviceCode = code }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        }

        using (var again = await http.SendAsync(HttpMethod.Delete, $"/api/admin/kiosks/{kioskId}", admin))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        // The catalog's history is the audit trail: who registered and revoked the kiosk, never its token.
        using (var history = await http.SendAsync(HttpMethod.Get, "/api/admin/history", admin))
        {
            var entries = (await history.Content.ReadFromJsonAsync<JsonElement[]>())!
                .Where(e => e.GetProperty("kiosk").ValueKind == JsonValueKind.Object && e.GetProperty("kiosk").GetProperty("id").GetGuid() == kioskId).ToList();
            Assert.Equal(["kiosk_registered", "kiosk_revoked"], entries.Select(e => e.GetProperty("type").GetString()));
            Assert.All(entries, e => Assert.Equal("staff:admin", e.GetProperty("by").GetString()));
            Assert.All(entries, e => Assert.DoesNotContain(device[10..30], e.GetRawText(), StringComparison.Ordinal));
        }

        using (var forged = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", device[..^2] + (device[^2] == 'A' ? "BA" : "AA"), new { serviceCode = code }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }
    }

    [Fact]
    public async Task One_kiosk_issuing_faster_than_a_person_could_is_told_to_wait_and_another_kiosk_is_not()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Pace Room");
        var (_, fast) = await http.RegisterKioskAsync(admin, "Fast fingers");
        var (_, other) = await http.RegisterKioskAsync(admin, "Other door");

        var keys = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).ToList();
        var answers = new List<HttpStatusCode>();
        foreach (var key in keys)
        {
            answers.Add((await http.KeyedAsync("/api/kiosk/tickets", fast, key, new { serviceCode = code })).Status);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        using (var tooFast = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", fast, new { serviceCode = code }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, tooFast.StatusCode);
            Assert.True(tooFast.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        // A repeat of a ticket issued (its answer was lost on the way) gets that ticket, not a wait; a refused request is refused as it is.
        var repeat = await http.KeyedAsync("/api/kiosk/tickets", fast, keys[1], new { serviceCode = code });
        Assert.Equal((HttpStatusCode.Created, true), (repeat.Status, repeat.Replayed));
        Assert.Equal(HttpStatusCode.NotFound, (await http.KeyedAsync("/api/kiosk/tickets", fast, Guid.NewGuid().ToString(), new { serviceCode = "NOSUCH" })).Status);
        using var elsewhere = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", other, new { serviceCode = code });
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);

        var services = await http.GetFromJsonAsync<JsonElement[]>("/api/services");
        Assert.Equal(3, services!.Single(s => s.GetProperty("code").GetString() == code).GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task A_phone_keyed_in_at_a_kiosk_without_a_name_is_asked_for_one_when_its_patient_signs_in()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Nameless Room");
        var (_, device) = await http.RegisterKioskAsync(admin, "Side door");
        var phone = Gateway.NewPhone();
        using (var issued = await http.SendAsync(HttpMethod.Post, "/api/kiosk/tickets", device, new { serviceCode = code, phone }))
        {
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        }

        // The phone holds a ticket, but nobody has said whose name it is: the app asks, as for a new phone.
        var known = await http.GetFromJsonAsync<JsonElement>($"/check_patient/?phone={Uri.EscapeDataString(phone)}");
        Assert.False(known.GetProperty("exists").GetBoolean());
        using (var nameless = await http.PostAsJsonAsync("/send_otp/", new { phone }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        }

        var patient = await http.SignInPatientAsync("Sita Ram", phone);
        Assert.Equal("Sita Ram", patient.Name);
        Assert.Equal("Walk-in", Assert.Single(await http.TicketsOfAsync(patient)).GetProperty("patientName").GetString());
        known = await http.GetFromJsonAsync<JsonElement>($"/check_patient/?phone={Uri.EscapeDataString(phone)}");
        Assert.True(known.GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task Kiosks_are_registered_only_by_admins_with_a_name()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var supervisor = await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password);
        using (var refused = await http.SendAsync(HttpMethod.Post, "/api/admin/kiosks", supervisor, new { name = "Not Mine" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        foreach (var name in new[] { "", new string('k', 61), "Bell\u0007" })
        {
            using var invalid = await http.SendAsync(HttpMethod.Post, "/api/admin/kiosks", admin, new { name });
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using var unknown = await http.SendAsync(HttpMethod.Delete, $"/api/admin/kiosks/{Guid.NewGuid()}", admin);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<JsonElement> IssueAsync(HttpClient http, string token, object body)
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/api/reception/tickets", token, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
