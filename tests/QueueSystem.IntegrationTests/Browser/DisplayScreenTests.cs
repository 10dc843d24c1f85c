using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>The hall's display screen in headless Chromium (Debian's), through the gateway.</summary>
[Collection(SystemCollection.Name)]
public sealed class DisplayScreenTests(SystemFixture system)
{
    [Fact]
    public async Task The_screen_shows_a_call_as_text_and_starts_announcing_it()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Screen Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var ticket = await http.JoinAsync(code, system.Patient("<b>Bold</b> Patient"));

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(system.Gateway, $"/display/?service={code}"), 1600, 900);
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        await Expect(page.Locator($"#counter-{counterId} td.counter")).ToHaveTextAsync("Screen Room");
        await page.ClickAsync("#enable-sound");

        Assert.Equal(ticket.TicketId, (await http.ServeNextAsync(staff)).Called);

        await Expect(page.Locator($"#counter-{counterId} td.serving")).ToHaveTextAsync(ticket.QueueId);
        await Expect(page.Locator($"#counter-{counterId} td.name")).ToHaveTextAsync("<b>Bold</b> Patient");
        await Expect(page.Locator("#calls li .id").First).ToHaveTextAsync(ticket.QueueId);
        Assert.Equal(0, await page.Locator("main b").CountAsync()); // the name is text, never markup
        Assert.True(await page.EvaluateAsync<bool>("() => window.queueDisplay.isSpeaking() || window.queueDisplay.pendingAnnouncements() > 0"));
        await Chromium.ScreenshotAsync(page, "display-called");
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task The_screen_speaks_hindi_when_asked()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(system.Gateway, "/display/?lang=hi-IN"), 1600, 900);

        await Expect(page.Locator("#connection")).ToHaveTextAsync("लाइव");
        await Expect(page.Locator("#calls-heading")).ToHaveTextAsync("हाल की पुकार");
        await Expect(page.Locator("#enable-sound")).ToHaveTextAsync("आवाज़ चालू करें");
        await Chromium.ScreenshotAsync(page, "display-hindi");
        await Chromium.AssertAccessibleAsync(page);
        Assert.Empty(chromium.PageErrors);
    }
}
