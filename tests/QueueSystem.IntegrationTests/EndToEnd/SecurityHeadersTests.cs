using System.Net;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>Every answer of the gateway — pages, assets, the proxied API, errors — carries the security headers.</summary>
[Collection(SystemCollection.Name)]
public sealed class SecurityHeadersTests(SystemFixture system)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/patient/")]
    [InlineData("/staff/")]
    [InlineData("/display/")]
    [InlineData("/admin/")]
    [InlineData("/admin/poster.html")]
    [InlineData("/assets/common.js")]
    [InlineData("/api/services")]
    [InlineData("/patient_dashboard/")]
    [InlineData("/no/such/page")]
    [InlineData("/health")]
    [InlineData("/api/docs/index.html")]
    public async Task Every_answer_forbids_framing_sniffing_and_foreign_scripts(string path)
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var policy = Header(response, "Content-Security-Policy").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("default-src 'self'", policy);
        Assert.False(response.Headers.Contains("Server"), "The server does not name its software.");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri}: no {name} header");
}
