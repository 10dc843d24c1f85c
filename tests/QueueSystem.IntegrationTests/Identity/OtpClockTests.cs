using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Identity;

/// <summary>The time rules of one-time codes, with the Identity service's clock moved by the test.</summary>
[Collection(SystemCollection.Name)]
public sealed class OtpClockTests(SystemFixture system)
{
    [Fact]
    public async Task A_code_expires_after_five_minutes()
    {
        await using var identity = new IdentityHost(system);
        using var client = identity.CreateClient();
        using var gateway = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();

        Assert.Equal(HttpStatusCode.Accepted, await Send(client, phone));
        var code = await gateway.LatestCodeAsync(phone);
        identity.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        using var late = await client.PostAsJsonAsync("/verify_otp/", new { phone, code });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal(0, (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attemptsLeft").GetInt32());
    }

    [Fact]
    public async Task After_the_cooldown_a_new_code_replaces_the_old_one()
    {
        await using var identity = new IdentityHost(system);
        using var client = identity.CreateClient();
        using var gateway = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();

        Assert.Equal(HttpStatusCode.Accepted, await Send(client, phone));
        var first = await gateway.LatestCodeAsync(phone);
        identity.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Send(client, phone));
        identity.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Accepted, await Send(client, phone));
        var second = await gateway.LatestCodeAsync(phone, sentBefore: 1);

        if (first != second)
        {
            using var old = await client.PostAsJsonAsync("/verify_otp/", new { phone, code = first });
            Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        }

        using var current = await client.PostAsJsonAsync("/verify_otp/", new { phone, code = second });
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task A_phone_gets_at_most_five_codes_an_hour()
    {
        await using var identity = new IdentityHost(system);
        using var client = identity.CreateClient();
        var phone = Gateway.NewPhone();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await Send(client, phone));
            identity.Clock.Advance(TimeSpan.FromSeconds(31));
        }

        using var refused = await client.PostAsJsonAsync("/send_otp/", new { phone, name = "Clocked" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 56, 58);

        identity.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Accepted, await Send(client, phone));
    }

    [Fact]
    public async Task One_client_address_gets_a_limited_number_of_codes_an_hour()
    {
        await using var identity = new IdentityHost(system, new Dictionary<string, string?> { ["Identity:Otp:MaxSendsPerAddressPerHour"] = "3" });
        using var client = identity.CreateClient();
        client.DefaultRequestHeaders.Add(IdentityHost.ClientAddressHeader, "10.20.30.40");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await Send(client, Gateway.NewPhone()));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await Send(client, Gateway.NewPhone()));
        client.DefaultRequestHeaders.Remove(IdentityHost.ClientAddressHeader);
        client.DefaultRequestHeaders.Add(IdentityHost.ClientAddressHeader, "10.20.30.41");
        Assert.Equal(HttpStatusCode.Accepted, await Send(client, Gateway.NewPhone()));
    }

    private static async Task<HttpStatusCode> Send(HttpClient client, string phone)
    {
        using var response = await client.PostAsJsonAsync("/send_otp/", new { phone, name = "Clocked" });
        return response.StatusCode;
    }
}
