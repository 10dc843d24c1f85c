using Microsoft.Playwright;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download), with the pages' script errors
/// collected so a test can require none, and screenshots kept beside the test assembly as artifacts.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    /// <summary>Uncaught script errors and Content-Security-Policy violations of every page opened so far.</summary>
    public List<string> PageErrors { get; } = [];

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A page in its own context (its own storage, like another device).</summary>
    public async Task<IPage> OpenAsync(Uri url, int width = 1280, int height = 800, bool phone = false)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
        });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => PageErrors.Add($"{page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                PageErrors.Add($"{page.Url}: {message.Text}");
            }
        };
        await page.GotoAsync(url.ToString());
        return page;
    }

    /// <summary>A phone-sized page (390 × 844, touch), as a patient holds it.</summary>
    public Task<IPage> OpenOnPhoneAsync(Uri url) => OpenAsync(url, 390, 844, phone: true);

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, $"{name}.png"), FullPage = true });
    }

    /// <summary>Runs axe-core in the page as it is now and fails on any WCAG 2 A or AA violation, naming the rule and the elements.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            // Evaluated by the test driver, not added as a script tag: the pages' policy refuses scripts from anywhere else.
            await page.EvaluateAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "axe.min.js")) + "\n;true");
        }

        var violations = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations
              .map(v => `${v.id} (${v.help}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """);
        Assert.True(violations.Length == 0, $"{page.Url}\n{string.Join('\n', violations)}");
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
