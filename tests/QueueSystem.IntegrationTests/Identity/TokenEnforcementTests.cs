using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace QueueSystem.IntegrationTests.Identity;

/// <summary>Who may do what, enforced at the gateway and by the services themselves.</summary>
[Collection(SystemCollection.Name)]
public sealed class TokenEnforcementTests(SystemFixture system)
{
    [Fact]
    public async Task Roles_are_enforced_across_services()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var operatorToken = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId: 1), StaffHelpers.Password);
        var patient = await http.SignInPatientAsync("Role Check");

        Assert.Equal(HttpStatusCode.Forbidden, await Status(http, HttpMethod.Get, "/api/admin/staff", operatorToken));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(http, HttpMethod.Get, "/api/admin/staff", patient.AccessToken));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(http, HttpMethod.Post, "/staff/serve_next/", patient.AccessToken, new { counterId = 1 }));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(http, HttpMethod.Post, "/join_queue/", operatorToken, new { serviceCode = "OPD" }));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(http, HttpMethod.Get, "/api/admin/staff", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(http, HttpMethod.Post, "/join_queue/", null, new { serviceCode = "OPD" }));
        Assert.Equal(HttpStatusCode.OK, await Status(http, HttpMethod.Get, "/api/admin/staff", admin));
    }

    [Fact]
    public async Task Services_refuse_missing_and_wrong_tokens_even_when_called_directly()
    {
        using var queue = system.CreateServiceClient("queue");
        using var identity = system.CreateServiceClient("identity");
        using var http = system.CreateGatewayClient();
        var operatorToken = await http.LoginAsync(await http.CreateStaffAsync(await http.LoginAdminAsync(), "operator", counterId: 1), StaffHelpers.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(queue, HttpMethod.Post, "/join_queue/", null, new { serviceCode = "OPD" }));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(queue, HttpMethod.Post, "/join_queue/", operatorToken, new { serviceCode = "OPD" }));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(identity, HttpMethod.Get, "/api/admin/staff", null));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(identity, HttpMethod.Get, "/api/admin/staff", operatorToken));
    }

    [Fact]
    public async Task Tampered_expired_foreign_and_unsigned_tokens_are_refused()
    {
        using var http = system.CreateGatewayClient();
        var patient = await http.SignInPatientAsync("Forger");
        var parts = patient.AccessToken.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(parts[1]))!;

        var elevated = new Dictionary<string, object>(payload) { ["kind"] = "staff", ["role"] = "admin", ["username"] = "admin" };
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(elevated))}.{parts[2]}";
        var unsigned = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(elevated))}.";
        var expired = Sign(payload, system.SigningKey, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-5));
        var foreignKey = Sign(payload, new string('k', 48), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));
        var valid = Sign(payload, system.SigningKey, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));

        Assert.Equal(HttpStatusCode.Created, await Status(http, HttpMethod.Post, "/join_queue/", valid, new { serviceCode = "LAB" }));
        foreach (var token in new[] { tampered, unsigned, expired, foreignKey, "garbage", patient.AccessToken + "x" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await Status(http, HttpMethod.Get, "/api/admin/staff", token));
            Assert.Equal(HttpStatusCode.Unauthorized, await Status(http, HttpMethod.Post, "/join_queue/", token, new { serviceCode = "OPD" }));
        }
    }

    [Fact]
    public async Task Deactivating_a_staff_account_ends_its_access_within_a_minute()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var username = await http.CreateStaffAsync(admin, "supervisor");
        var supervisor = await http.LoginAsync(username, StaffHelpers.Password);
        // A valid supervisor reads the day's report (the Display service checks the account too).
        Assert.Equal(HttpStatusCode.OK, await Status(http, HttpMethod.Get, "/api/reports/daily", supervisor));

        using var deactivate = await http.SendAsync(HttpMethod.Put, $"/api/admin/staff/{username}", admin, new { role = "supervisor", isActive = false });
        Assert.Equal(HttpStatusCode.OK, deactivate.StatusCode);

        var refused = await Eventually.Get(
            async () => await Status(http, HttpMethod.Get, "/api/reports/daily", supervisor) == HttpStatusCode.Unauthorized ? "refused" : null,
            TimeSpan.FromSeconds(60));
        Assert.Equal("refused", refused);
        using var login = await http.PostAsJsonAsync("/staff/login/", new { username, password = StaffHelpers.Password });
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
    }

    [Fact]
    public async Task Sign_in_paths_are_rate_limited_per_client_address()
    {
        // A client address of its own, so the other tests' sign-ins are not limited by this one.
        using var http = new HttpClient(LocalAddress.Handler("127.0.0.2")) { BaseAddress = system.Gateway };

        HttpResponseMessage? limited = null;
        for (var i = 0; i <= SystemFixture.SignInRateLimit && limited is null; i++)
        {
            var response = await http.GetAsync($"/check_patient/?phone={Uri.EscapeDataString(Gateway.NewPhone())}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        limited.Dispose();
    }

    private static string Sign(Dictionary<string, object> payload, string key, DateTime notBefore, DateTime expires) =>
        TestTokens.Sign(payload.Where(c => c.Key is not ("exp" or "nbf" or "iat")).ToDictionary(c => c.Key, c => (object)c.Value.ToString()!), key, notBefore, expires);

    private static async Task<HttpStatusCode> Status(HttpClient http, HttpMethod method, string path, string? token, object? body = null)
    {
        using var response = await http.SendAsync(method, path, token, body);
        return response.StatusCode;
    }
}
