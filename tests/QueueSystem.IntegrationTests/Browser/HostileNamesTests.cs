using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>
/// A patient signs in with markup as their name, at a service and counter named with markup. Every page
/// that shows them — the patient's phone, the staff desk, the hall's screen, the QR poster — shows them
/// as text: nothing of it runs, and no element of it appears.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class HostileNamesTests(SystemFixture system)
{
    private const string HostileName = "<img src=x onerror=\"window.owned=1\"><script>window.owned=1</script>";
    private const string HostileCounter = "<img src=x onerror=\"window.owned=1\">Desk";
    private const string HostileService = "<script>window.owned=1</script>Clinic";

    [Fact]
    public async Task A_name_made_of_markup_is_shown_as_text_on_every_page_and_never_runs()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var code = "H" + Random.Shared.Next(100_000, 999_999);
        using (var service = await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = HostileService }))
        {
            service.EnsureSuccessStatusCode();
        }

        var counterId = await ClinicSetup.AddCounterAsync(http, admin, code, HostileCounter);
        await http.JoinAsync(code, system.Patient("First In Line"));
        await using var chromium = await Chromium.LaunchAsync();

        // The patient signs in on their phone, through the real SMS code, with the name.
        var phone = await chromium.OpenOnPhoneAsync(new Uri(system.Gateway, $"/patient/?service={code}&lang=en"));
        var number = Gateway.NewPhone();
        await phone.SignInPatientAsync(http, number, HostileName);
        await phone.ClickAsync($"#service-{code}");
        await Expect(phone.Locator(".ticket.waiting .queue-id")).ToContainTextAsync($"{code}_");

        var screen = await chromium.OpenAsync(new Uri(system.Gateway, $"/display/?service={code}"), 1600, 900);
        await Expect(screen.Locator("#connection")).ToHaveTextAsync("Live");

        var desk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        await desk.SignInAsync("admin", SystemFixture.AdminPassword);
        await desk.Locator($"#overview-{counterId} button").ClickAsync();
        await Expect(desk.Locator("#waiting")).ToContainTextAsync(HostileName);

        // The first patient is served; the hostile name is called to the counter and shown everywhere.
        await desk.ClickAsync("#call-next");
        await desk.ClickAsync("#call-next");
        await Expect(desk.Locator("#current-name")).ToHaveTextAsync(HostileName);
        await Expect(screen.Locator($"#counter-{counterId} td.name")).ToHaveTextAsync(HostileName);
        await Expect(phone.Locator("#called")).ToBeVisibleAsync();
        await Expect(screen.Locator($"#counter-{counterId} td.counter")).ToHaveTextAsync(HostileCounter);
        var poster = await chromium.OpenAsync(new Uri(system.Gateway, $"/admin/poster.html?service={code}"), 900, 1270);
        await Expect(poster.Locator("#service-name")).ToHaveTextAsync(HostileService);

        foreach (var page in new[] { phone, screen, desk, poster })
        {
            Assert.Equal(0, await page.Locator("body img[src='x'], body script:not([src])").CountAsync());
            Assert.False(await page.EvaluateAsync<bool>("() => window.owned === 1"), $"{page.Url} ran the name as script");
        }

        await Chromium.ScreenshotAsync(desk, "staff-hostile-name");
        Assert.Empty(chromium.PageErrors);
    }
}
