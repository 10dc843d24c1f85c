using System.Net;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>Integrators find every service's OpenAPI document and one reference page at the gateway, with nothing loaded from elsewhere.</summary>
[Collection(SystemCollection.Name)]
public sealed class ApiReferenceTests(SystemFixture system)
{
    [Theory]
    [InlineData("queue", "/join_queue")]
    [InlineData("identity", "/send_otp")]
    [InlineData("display", "/api/reports/daily")]
    public async Task Each_service_publishes_its_openapi_document_through_the_gateway(string service, string path)
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.GetAsync(new Uri($"/openapi/{service}.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out _), $"{service} documents {path}");
        // "Try it out" goes through the gateway, never to a service's own address.
        Assert.Equal(system.Gateway.ToString(), document.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/join_queue")]
    [InlineData("/staff/serve_next")]
    [InlineData("/api/staff/tickets/{ticketId}/recall")]
    public async Task The_commands_document_their_idempotency_key(string path)
    {
        using var http = system.CreateGatewayClient();
        var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/queue.json", UriKind.Relative))).RootElement;

        var parameters = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("parameters").EnumerateArray();
        Assert.Contains(parameters, p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }

    [Fact]
    public async Task The_reference_page_uses_only_the_gateway_s_own_assets()
    {
        using var http = system.CreateGatewayClient();
        await PageAssets.AssertOnlyLocalAssetsAsync(http, "/api/docs/index.html");
    }
}
