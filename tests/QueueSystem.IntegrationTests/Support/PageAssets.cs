using System.Net;
using System.Text.RegularExpressions;

namespace QueueSystem.IntegrationTests;

public static partial class PageAssets
{
    /// <summary>A page of the gateway loads, and every script, style and link it names is the gateway's own and loads too (no CDN).</summary>
    public static async Task AssertOnlyLocalAssetsAsync(HttpClient http, string pagePath)
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
