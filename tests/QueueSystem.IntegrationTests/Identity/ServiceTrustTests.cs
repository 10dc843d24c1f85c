using System.Net;
using System.Net.Http.Json;

namespace QueueSystem.IntegrationTests.Identity;

/// <summary>
/// The services trust the system's own processes only: internal endpoints and forwarded client addresses need
/// the service key, and a token may not carry two values of a claim the system reads once.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ServiceTrustTests(SystemFixture system)
{
    private const string ServiceKeyHeader = "X-Qms-Service-Key";

    private static readonly string[] PatientAndStaff = ["patient", "staff"];

    private static readonly string[] PatientAndAdmin = ["patient", "admin"];

    [Theory]
    [InlineData("/internal/staff/admin/access")]
    [InlineData("/internal/tokens/revoked")]
    public async Task Internal_endpoints_answer_only_the_systems_own_services(string path)
    {
        using var identity = system.CreateServiceClient("identity");
        async Task<HttpStatusCode> AccessAsync(string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null)
            {
                request.Headers.Add(ServiceKeyHeader, key);
            }

            using var response = await identity.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await AccessAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessAsync("not-the-key"));
        Assert.Equal(HttpStatusCode.OK, await AccessAsync(system.ServiceKey));
    }

    [Fact]
    public async Task A_local_caller_cannot_pretend_to_forward_for_other_client_addresses()
    {
        await using var identity = new IdentityHost(system, new Dictionary<string, string?> { ["Identity:Otp:MaxSendsPerAddressPerHour"] = "3" });
        using var client = identity.CreateClient();
        // A loopback address of its own (the gateway's own address has other tests' codes against it).
        client.DefaultRequestHeaders.Add(IdentityHost.ClientAddressHeader, "127.0.0.77");
        var lastAnswer = "";
        async Task<HttpStatusCode> SendAsync(string forwardedFor, string? key = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/send_otp/") { Content = JsonContent.Create(new { phone = Gateway.NewPhone(), name = "Spoofer" }) };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            if (key is not null)
            {
                request.Headers.Add(ServiceKeyHeader, key);
            }

            using var response = await client.SendAsync(request);
            lastAnswer = await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }

        // A new made-up address each time: without the service key they are ignored, so the caller's own limit holds.
        for (var i = 0; i < 3; i++)
        {
            var sent = await SendAsync($"10.77.0.{i}");
            Assert.True(sent == HttpStatusCode.Accepted, $"{sent}: {lastAnswer}");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync("10.77.0.99"));
        // The gateway (with the key) forwards for its clients, each of whom has a limit of its own.
        var forwarded = await SendAsync("10.77.1.1", system.ServiceKey);
        Assert.True(forwarded == HttpStatusCode.Accepted, $"{forwarded}: {lastAnswer}");
    }

    [Fact]
    public async Task A_token_with_two_kinds_or_two_roles_is_refused()
    {
        using var http = system.CreateGatewayClient();
        string Forge(IDictionary<string, object> claims) => TestTokens.Sign(claims, system.SigningKey, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));
        var patientId = Guid.NewGuid().ToString();
        // Read as a patient by the staff check (first kind), as an admin by the policies (any kind and role).
        var twoKinds = Forge(new Dictionary<string, object>
        {
            ["sub"] = "admin", ["kind"] = PatientAndStaff, ["role"] = PatientAndAdmin,
            ["username"] = "admin", ["patient_id"] = patientId, ["name"] = "admin", ["jti"] = Guid.NewGuid().ToString(),
        });
        var twoRoles = Forge(new Dictionary<string, object>
        {
            ["sub"] = patientId, ["kind"] = "patient", ["role"] = PatientAndAdmin, ["patient_id"] = patientId, ["name"] = "Two Roles", ["jti"] = Guid.NewGuid().ToString(),
        });

        using var staffList = await http.SendAsync(HttpMethod.Get, "/api/admin/staff", twoKinds);
        Assert.Equal(HttpStatusCode.Unauthorized, staffList.StatusCode);
        using var join = await http.SendAsync(HttpMethod.Post, "/join_queue/", twoRoles, new { serviceCode = "OPD" });
        Assert.Equal(HttpStatusCode.Unauthorized, join.StatusCode);
        using var identity = system.CreateServiceClient("identity");
        using var direct = await identity.SendAsync(HttpMethod.Get, "/api/admin/staff", twoKinds);
        Assert.Equal(HttpStatusCode.Unauthorized, direct.StatusCode);
    }
}
