using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>Integrators find every service's OpenAPI document and one reference page at the gateway, with nothing loaded from elsewhere.</summary>
[Collection(SystemCollection.Name)]
public sealed partial class ApiReferenceTests(SystemFixture system)
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
        await AssertOnlyLocalAssetsAsync(http, "/api/docs/index.html");
    }

    /// <summary>A page of the gateway loads, and every script, style and link it names is the gateway's own and loads too (no CDN).</summary>
    internal static async Task AssertOnlyLocalAssetsAsync(HttpClient http, string pagePath)
    {
        var pageUri = new Uri(http.BaseAddress!, pagePath);
        using var page = await http.GetAsync(pageUri);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).Where(asset => !asset.StartsWith("data:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(assets);
        Assert.All(assets, asset => Assert.False(Uri.TryCreate(asset, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), asset));
        foreach (var asset in assets)
        {
            using var loaded = await http.GetAsync(new Uri(pageUri, asset));
            Assert.True(loaded.StatusCode == HttpStatusCode.OK, $"{pagePath} → {asset}: {loaded.StatusCode}");
        }
    }

    [GeneratedRegex("(?:src|href)=\"([^\"#]+)\"")]
    private static partial Regex AssetReference();
}
