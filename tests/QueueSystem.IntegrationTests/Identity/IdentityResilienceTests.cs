using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace QueueSystem.IntegrationTests.Identity;

[Collection(SystemCollection.Name)]
public sealed class IdentityResilienceTests(SystemFixture system)
{
    [Fact]
    public async Task A_code_sent_by_one_identity_instance_is_verified_by_another()
    {
        using var gateway = system.CreateGatewayClient();
        await using var otherInstance = new IdentityHost(system);
        using var other = otherInstance.CreateClient();
        var phone = Gateway.NewPhone();

        using (var sent = await gateway.PostAsJsonAsync("/send_otp/", new { phone, name = "Two Instances" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        using var verified = await other.PostAsJsonAsync("/verify_otp/", new { phone, code = await gateway.LatestCodeAsync(phone) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
    }

    [Fact]
    public async Task Without_rabbitmq_a_code_request_is_a_clear_503_and_leaves_nothing_behind()
    {
        using var gateway = system.CreateGatewayClient();
        var commands = system.App.Services.GetRequiredService<ResourceCommandService>();
        var phone = Gateway.NewPhone();

        Assert.True((await commands.ExecuteCommandAsync("rabbitmq", "resource-stop")).Success);
        try
        {
            using var refused = await gateway.PostAsJsonAsync("/send_otp/", new { phone, name = "Broker Down" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            Assert.True((await commands.ExecuteCommandAsync("rabbitmq", "resource-start")).Success);
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq").WaitAsync(TimeSpan.FromMinutes(2));
        }

        // The refused request counted for nothing: no cooldown, and the code arrives once the broker is back.
        var status = await Eventually.Get(async () =>
        {
            using var retry = await gateway.PostAsJsonAsync("/send_otp/", new { phone, name = "Broker Down" });
            return retry.StatusCode == HttpStatusCode.ServiceUnavailable ? null : (object)retry.StatusCode;
        }, TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.Accepted, status);
        // Notification reconnects to the broker with its own back-off (up to ~15 s between tries here).
        Assert.Matches(@"^\d{6}$", await gateway.LatestCodeAsync(phone, timeout: TimeSpan.FromSeconds(60)));
    }
}
