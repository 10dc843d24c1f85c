using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>The whole journey through the web UI: a patient on a phone, a member of staff at the desk, the hall's screen.</summary>
[Collection(SystemCollection.Name)]
public sealed class PatientJourneyTests(SystemFixture system)
{
    [Fact]
    public async Task A_patient_joins_on_a_phone_is_called_at_the_desk_and_the_screen_announces_it()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Journey Room");
        var operatorName = await http.CreateStaffAsync(admin, "operator", counterId);
        await using var chromium = await Chromium.LaunchAsync();

        var screen = await chromium.OpenAsync(new Uri(system.Gateway, $"/display/?service={code}"), 1600, 900);
        await Expect(screen.Locator("#connection")).ToHaveTextAsync("Live");
        await screen.ClickAsync("#enable-sound");

        // The patient scans the poster's QR code: the patient app with the service chosen.
        var phone = await chromium.OpenOnPhoneAsync(new Uri(system.Gateway, $"/patient/?service={code}"));
        await Chromium.ScreenshotAsync(phone, "patient-1-phone");
        await Chromium.AssertAccessibleAsync(phone);
        var number = Gateway.NewPhone();
        await phone.FillAsync("#phone", number);
        await phone.ClickAsync("#send-code");
        await Expect(phone.Locator("#name")).ToBeVisibleAsync(); // a new number: the name is asked for
        await phone.FillAsync("#name", "<img src=x onerror=window.pwned=1> Asha");
        await phone.ClickAsync("#send-code");
        await Expect(phone.Locator("#code")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(phone, "patient-2-code");
        await phone.FillAsync("#code", await http.LatestCodeAsync(number));
        await phone.ClickAsync("#verify");
        await Expect(phone.Locator($"#service-{code}")).ToHaveClassAsync("service chosen");
        await Chromium.ScreenshotAsync(phone, "patient-3-services");
        await Chromium.AssertAccessibleAsync(phone);
        await phone.ClickAsync($"#service-{code}");

        var ticket = phone.Locator(".ticket.waiting");
        await Expect(ticket.Locator(".position")).ToHaveTextAsync("1");
        var queueId = await ticket.Locator(".queue-id").TextContentAsync();
        Assert.StartsWith($"{code}_001_", queueId);
        await Expect(phone.Locator("#connection")).ToHaveTextAsync("Live");
        // The link to share with family is the ticket's own tracking page.
        var shared = (await ticket.Locator(".track-link").GetAttributeAsync("href"))!;
        Assert.StartsWith(new Uri(system.Gateway, "/t/").ToString(), shared, StringComparison.Ordinal);
        using (var tracked = await http.GetAsync(new Uri($"/api/track/{shared[(shared.LastIndexOf('/') + 1)..]}", UriKind.Relative)))
        {
            Assert.Contains(queueId!, await tracked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Chromium.ScreenshotAsync(phone, "patient-4-ticket");
        await Chromium.AssertAccessibleAsync(phone);

        // The operator signs in at the desk, sees the patient (the name as text) and calls them.
        var desk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        await desk.SignInAsync(operatorName);
        await Expect(desk.Locator("#waiting tr").First).ToContainTextAsync("<img src=x onerror=window.pwned=1> Asha");
        await Chromium.ScreenshotAsync(desk, "staff-1-line");
        await Chromium.AssertAccessibleAsync(desk);
        await desk.ClickAsync("#call-next");
        await Expect(desk.Locator("#current-id")).ToHaveTextAsync(queueId!);

        // The patient's phone shows the call full screen; the screen shows it and starts announcing it.
        await Expect(phone.Locator("#called")).ToBeVisibleAsync();
        await Expect(phone.Locator("#called-counter")).ToHaveTextAsync("Please go to Journey Room");
        await Expect(phone.Locator("#called-id")).ToHaveTextAsync(queueId!);
        await Chromium.ScreenshotAsync(phone, "patient-5-called");
        await Chromium.AssertAccessibleAsync(phone);
        await Expect(screen.Locator($"#counter-{counterId} td.serving")).ToHaveTextAsync(queueId!);
        await Expect(screen.Locator($"#counter-{counterId} td.counter")).ToHaveTextAsync("Journey Room");
        await Expect(screen.Locator("#calls li .id").First).ToHaveTextAsync(queueId!);
        Assert.True(await screen.EvaluateAsync<bool>("() => window.queueDisplay.isSpeaking() || window.queueDisplay.pendingAnnouncements() > 0"));
        await Chromium.ScreenshotAsync(screen, "display-journey");
        await Chromium.AssertAccessibleAsync(screen);
        await Chromium.ScreenshotAsync(desk, "staff-2-called");

        foreach (var page in new[] { phone, desk, screen })
        {
            Assert.Null(await page.EvaluateAsync<object?>("() => window.pwned ?? null")); // markup in a name never runs
        }

        Assert.Empty(chromium.PageErrors);
    }
}
