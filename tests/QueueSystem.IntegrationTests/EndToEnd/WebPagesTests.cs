using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>The web pages the gateway serves, and the QR codes of the posters.</summary>
[Collection(SystemCollection.Name)]
public sealed partial class WebPagesTests(SystemFixture system)
{
    [Theory]
    [InlineData("/patient/")]
    [InlineData("/staff/")]
    [InlineData("/admin/")]
    [InlineData("/admin/poster.html?service=OPD")]
    [InlineData("/display/")]
    [InlineData("/reception/")]
    [InlineData("/kiosk/")]
    [InlineData("/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/")]
    public async Task Every_page_loads_only_the_gateway_s_own_assets(string path)
    {
        using var http = system.CreateGatewayClient();
        await PageAssets.AssertOnlyLocalAssetsAsync(http, path);
    }

    [Fact]
    public async Task A_poster_s_qr_code_is_an_svg_of_the_patient_app_link_for_its_service()
    {
        using var http = system.CreateGatewayClient();
        using var svg = await http.GetAsync(new Uri("/posters/OPD/qr.svg", UriKind.Relative));
        var link = await http.GetFromJsonAsync<JsonElement>(new Uri("/posters/OPD/link", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new Uri(system.Gateway, "/patient/?service=OPD").ToString(), link.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("queue.hospital.example.evil.example:18080")]
    public async Task A_poster_never_carries_the_address_of_a_forged_Host_header(string host)
    {
        using var http = system.CreateGatewayClient();
        foreach (var path in new[] { "/posters/OPD/link", "/posters/OPD/qr.svg" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Host = host;
            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("evil", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The machine's own address, as an admin's browser on the hospital network would use it.
        using var own = new HttpRequestMessage(HttpMethod.Get, new Uri("/posters/OPD/link", UriKind.Relative));
        own.Headers.Host = $"127.0.0.1:{system.Gateway.Port}";
        using var ownAnswer = await http.SendAsync(own);
        Assert.Equal($"http://127.0.0.1:{system.Gateway.Port}/patient/?service=OPD", (await ownAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/posters/opd/qr.svg")]
    [InlineData("/posters/OPD%3Cscript%3E/qr.svg")]
    [InlineData("/posters/TOOLONGCODE1/link")]
    public async Task A_poster_for_an_invalid_service_code_is_a_problem(string path)
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_text_of_the_pages_exists_in_english_and_in_hindi()
    {
        using var http = system.CreateGatewayClient();
        var texts = await http.GetStringAsync(new Uri("/assets/texts.js", UriKind.Relative));
        var languages = texts.Split("\n  hi: {");

        var english = TextKey().Matches(languages[0]).Select(m => m.Groups[1].Value).ToHashSet();
        var hindi = TextKey().Matches(languages[1]).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(2, languages.Length);
        Assert.True(english.Count > 100, $"{english.Count} English texts");
        Assert.Empty(english.Except(hindi));
        Assert.Empty(hindi.Except(english));
    }

    [GeneratedRegex("\"([a-zA-Z]+\\.[a-zA-Z.]+)\":")]
    private static partial Regex TextKey();
}
