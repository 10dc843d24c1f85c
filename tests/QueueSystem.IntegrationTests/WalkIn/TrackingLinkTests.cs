using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace QueueSystem.IntegrationTests.WalkIn;

/// <summary>Every ticket's tracking link: anyone holding it follows that ticket, on its own day only, and nothing else.</summary>
[Collection(SystemCollection.Name)]
public sealed class TrackingLinkTests(SystemFixture system)
{
    [Fact]
    public async Task A_tracking_link_shows_its_ticket_without_signing_in_and_nothing_about_the_patient()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Tracked Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var patient = await http.SignInPatientAsync("Shared Ticket");
        var ticket = await http.JoinAsync(code, patient, "SENIOR");
        Assert.Equal("SENIOR", ticket.Category);
        var url = ticket.TrackingUrl!;
        var token = WalkInHelpers.TrackingTokenOf(url);
        Assert.Equal(new Uri(system.Gateway, $"/t/{token}").ToString(), url);

        // The patient's dashboard carries the same link.
        Assert.Equal(url, Assert.Single(await http.TicketsOfAsync(patient)).GetProperty("trackingUrl").GetString());

        using (var tracked = await http.GetAsync($"/api/track/{token}"))
        {
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
            var text = await tracked.Content.ReadAsStringAsync();
            var shown = JsonDocument.Parse(text).RootElement;
            Assert.Equal(ticket.TicketId, shown.GetProperty("ticketId").GetGuid());
            Assert.Equal(1, shown.GetProperty("position").GetInt32());
            Assert.Equal(JsonValueKind.Null, shown.GetProperty("category").ValueKind); // the patient's own, not the link's
            Assert.DoesNotContain(patient.Phone[3..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(patient.PatientId.ToString(), text, StringComparison.Ordinal);
        }

        using (var qr = await http.GetAsync($"/api/track/{token}/qr.svg"))
        {
            Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
            Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
        }

        using (var page = await http.GetAsync($"/t/{token}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }

        await http.ServeNextAsync(staff);
        var called = await http.GetFromJsonAsync<JsonElement>($"/api/track/{token}");
        Assert.Equal("called", called.GetProperty("status").GetString());
        Assert.Equal("Tracked Room", called.GetProperty("counterName").GetString());
    }

    [Fact]
    public async Task A_token_that_is_not_the_tickets_own_or_of_another_day_is_not_found()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Token Room");
        var ticket = await http.JoinAsync(code, system.Patient("Token Owner"));
        var token = WalkInHelpers.TrackingTokenOf(ticket.TrackingUrl!);

        // The ticket's id with other random bits, a token cut short, and no token's shape at all.
        var forged = token[..^3] + (token[^3] == 'A' ? "BAA" : "AAA");
        foreach (var wrong in new[] { forged, token[..^1], "not-a-token", ticket.TicketId.ToString() })
        {
            using var refused = await http.GetAsync($"/api/track/{Uri.EscapeDataString(wrong)}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var noCode = await http.GetAsync($"/api/track/{Uri.EscapeDataString(wrong)}/qr.svg");
            Assert.Equal(HttpStatusCode.NotFound, noCode.StatusCode);
        }

        // A Queue instance living on the facility's next day does not know today's tickets.
        await using var tomorrow = new OtherQueueInstance(system, "tomorrow", new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1)));
        using var next = tomorrow.CreateClient();
        using (var today = await http.GetAsync($"/api/track/{token}"))
        {
            Assert.Equal(HttpStatusCode.OK, today.StatusCode);
        }

        using var otherDay = await next.GetAsync($"/api/track/{token}");
        Assert.Equal(HttpStatusCode.NotFound, otherDay.StatusCode);
    }
}
