using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Identity;

/// <summary>
/// Signing out ends the token it is called with: at once in Identity, within seconds at the gateway and in every
/// service called directly, while the holder's other tokens (another device, a later sign-in) keep working.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SignOutTests(SystemFixture system)
{
    [Fact]
    public async Task A_signed_out_patient_token_is_refused_everywhere_and_changes_nothing()
    {
        using var http = system.CreateGatewayClient();
        using var identity = system.CreateServiceClient("identity");
        using var queue = system.CreateServiceClient("queue");
        var patient = await http.SignInPatientAsync("Leaving Patient");
        var ticket = await http.JoinAsync("OPD", patient);
        // The same patient signed in on another device: a token of its own.
        var otherDevice = TestTokens.Sign(
            new Dictionary<string, object>
            {
                ["sub"] = patient.PatientId.ToString(), ["kind"] = "patient", ["role"] = "patient",
                ["patient_id"] = patient.PatientId.ToString(), ["name"] = patient.Name, ["jti"] = Guid.NewGuid().ToString(),
            },
            system.SigningKey,
            DateTime.UtcNow.AddMinutes(-1),
            DateTime.UtcNow.AddHours(1));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, "/patient_dashboard/", patient.AccessToken));

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(http, HttpMethod.Post, "/api/sign_out/", patient.AccessToken));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(identity, HttpMethod.Post, "/api/sign_out", patient.AccessToken));
        await Eventually.Until(async () => await StatusAsync(http, HttpMethod.Get, "/patient_dashboard/", patient.AccessToken) == HttpStatusCode.Unauthorized);
        await Eventually.Until(async () => await StatusAsync(queue, HttpMethod.Get, "/patient_dashboard/", patient.AccessToken) == HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, HttpMethod.Post, $"/api/tickets/{ticket.TicketId}/cancel", patient.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode = "LAB" }));

        // The other device still follows the ticket, which the refused cancel left waiting.
        using var dashboard = await http.SendAsync(HttpMethod.Get, "/patient_dashboard/", otherDevice);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var tickets = (await dashboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tickets").EnumerateArray().ToArray();
        var only = Assert.Single(tickets);
        Assert.Equal(ticket.TicketId, only.GetProperty("ticketId").GetGuid());
        Assert.Equal("waiting", only.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_member_of_staff_signing_out_ends_that_token_only()
    {
        using var http = system.CreateGatewayClient();
        var username = await http.CreateStaffAsync(await http.LoginAdminAsync(), "supervisor");
        var desk = await http.LoginAsync(username, StaffHelpers.Password);
        var office = await http.LoginAsync(username, StaffHelpers.Password);

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(http, HttpMethod.Post, "/api/sign_out", desk));

        await Eventually.Until(async () => await StatusAsync(http, HttpMethod.Get, "/api/staff/counters", desk) == HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, "/api/staff/counters", office));
    }

    [Fact]
    public async Task Signing_out_needs_a_valid_token()
    {
        using var http = system.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, HttpMethod.Post, "/api/sign_out/", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, HttpMethod.Post, "/api/sign_out/", "not-a-token"));
    }

    [Fact]
    public async Task The_list_of_sign_outs_answers_only_the_systems_own_services_and_refuses_a_malformed_moment()
    {
        using var http = system.CreateGatewayClient();
        var patient = await http.SignInPatientAsync("Listed Leaver");
        var tokenId = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(patient.AccessToken.Split('.')[1])).RootElement.GetProperty("jti").GetString();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(http, HttpMethod.Post, "/api/sign_out/", patient.AccessToken));

        using var identity = system.CreateServiceClient("identity");
        async Task<HttpResponseMessage> ListAsync(string query, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/internal/tokens/revoked" + query);
            if (key is not null)
            {
                request.Headers.Add("X-Qms-Service-Key", key);
            }

            return await identity.SendAsync(request);
        }

        using (var anonymous = await ListAsync("", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var malformed = await ListAsync("?since=yesterday", system.ServiceKey))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        using var listed = await ListAsync("?since=" + Uri.EscapeDataString(before.ToString("O")), system.ServiceKey);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var tokens = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("tokenId").GetString());
        Assert.Contains(tokenId, tokens);
        using var later = await ListAsync("?since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O")), system.ServiceKey);
        var none = (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("tokenId").GetString());
        Assert.DoesNotContain(tokenId, none);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path, string? token, object? body = null)
    {
        using var response = await client.SendAsync(method, path, token, body);
        return response.StatusCode;
    }
}
