using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>
/// Patients without a smartphone: the clerk issues and prints a slip, whose QR code a relative's phone opens to follow
/// the ticket until it is called; a kiosk issues and prints by touch alone.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class WalkInPagesTests(SystemFixture system)
{
    [Fact]
    public async Task The_clerk_issues_a_slip_whose_printed_QR_code_a_family_phone_follows_until_the_call()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Counter 7");
        var clerk = await http.CreateStaffAsync(admin, "reception");
        var doctor = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        await http.JoinAsync(code, system.Patient("Came Earlier"));

        await using var chromium = await Chromium.LaunchAsync();
        var desk = await chromium.OpenAsync(new Uri(system.Gateway, "/reception/?lang=en"));
        await desk.SignInAsync(clerk);
        await Expect(desk.Locator($"#service-{code}")).ToContainTextAsync("1 waiting");
        await desk.CheckAsync($"#service-{code} input");
        await desk.FillAsync("#name", "Ram Lal");
        await desk.SelectOptionAsync("#category", "SENIOR");
        await Chromium.AssertAccessibleAsync(desk);
        await PrintedSlip.CountPrintRequestsAsync(desk);
        await desk.ClickAsync("#issue");
        await Expect(desk.Locator("#message")).ToContainTextAsync("issued for Ram Lal");
        await Eventually.Until(async () => await PrintedSlip.PrintRequestsAsync(desk) == 1);
        await Expect(desk.Locator("#issued tr")).ToHaveCountAsync(1);
        var queueId = (await desk.Locator("#slip").GetAttributeAsync("data-queue-id"))!;
        Assert.StartsWith($"{code}_", queueId, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desk, "reception-desk");
        await desk.ClickAsync("#language");
        await Expect(desk.Locator("#issue")).ToHaveTextAsync("जारी करें और छापें");
        await Chromium.ScreenshotAsync(desk, "reception-desk-hi");

        // The slip as the printer gets it: the number, its counter, both languages, and a QR code of the ticket's link.
        var slip = await PrintedSlip.PrintAsync(desk, "walk-in-slip");
        var clerkToken = await http.LoginAsync(clerk, StaffHelpers.Password);
        using var found = await http.SendAsync(HttpMethod.Get, $"/api/reception/tickets/{queueId}", clerkToken);
        var ticket = await found.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(queueId, slip.Text, StringComparison.Ordinal);
        Assert.Contains("Counter 7", slip.Text, StringComparison.Ordinal);
        Assert.Contains("Your number", slip.Text, StringComparison.Ordinal);
        Assert.Contains("Display Test", slip.Text, StringComparison.Ordinal);
        Assert.Equal(ticket.GetProperty("trackingUrl").GetString(), slip.QrCode);

        // A relative opens the QR code's link on a phone and follows the ticket until it is called.
        var family = await chromium.OpenOnPhoneAsync(new Uri(slip.QrCode!));
        await Expect(family.Locator("#tracked .queue-id")).ToHaveTextAsync(queueId);
        await Expect(family.Locator("#tracked")).ToContainTextAsync("Counter 7");
        await Expect(family.Locator("#connection")).ToHaveTextAsync("Live");
        await Chromium.ScreenshotAsync(family, "tracking-waiting");
        await Chromium.AssertAccessibleAsync(family);

        // The senior is called before the patient who came earlier.
        Assert.Equal(ticket.GetProperty("ticketId").GetGuid(), (await http.ServeNextAsync(doctor)).Called);
        await Expect(family.Locator("#called")).ToBeVisibleAsync();
        await Expect(family.Locator("#called-counter")).ToHaveTextAsync("Please go to Counter 7");
        await Expect(family.Locator("#called-id")).ToHaveTextAsync(queueId);
        await Chromium.ScreenshotAsync(family, "tracking-called");

        // In Hindi too.
        var hindi = await chromium.OpenOnPhoneAsync(new Uri(slip.QrCode + "?lang=hi"));
        await Expect(hindi.Locator("#called-counter")).ToHaveTextAsync("कृपया Counter 7 पर जाएँ");
        await Chromium.ScreenshotAsync(hindi, "tracking-called-hi");
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task A_kiosk_issues_and_prints_a_ticket_by_touch_alone_in_Hindi()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Kiosk Counter");
        var (_, device) = await http.RegisterKioskAsync(admin, "Front door");
        var phone = Gateway.NewPhone();

        await using var chromium = await Chromium.LaunchAsync();
        var kiosk = await chromium.OpenAsync(new Uri(system.Gateway, $"/kiosk/?lang=hi#token={device}"), 1080, 1400, phone: true);
        await Expect(kiosk.Locator($"#service-{code}")).ToBeVisibleAsync();
        Assert.DoesNotContain(device, kiosk.Url, StringComparison.Ordinal); // the token left the address bar
        await Chromium.ScreenshotAsync(kiosk, "kiosk-services-hi");
        await Chromium.AssertAccessibleAsync(kiosk);
        await PrintedSlip.CountPrintRequestsAsync(kiosk);
        await kiosk.TapAsync($"#service-{code}");
        await kiosk.TapAsync("#category-PREGNANT");
        foreach (var digit in phone[3..])
        {
            await kiosk.TapAsync($"#key-{digit}");
        }

        await Expect(kiosk.Locator("#phone-shown")).ToHaveTextAsync(phone[3..]);
        await Chromium.ScreenshotAsync(kiosk, "kiosk-phone-hi");
        await kiosk.TapAsync("#print-with-phone");
        await Expect(kiosk.Locator("#done-step")).ToBeVisibleAsync();
        await Eventually.Until(async () => await PrintedSlip.PrintRequestsAsync(kiosk) == 1);
        var queueId = (await kiosk.Locator("#done-id").TextContentAsync())!;
        await Expect(kiosk.Locator("#done-counter")).ToHaveTextAsync("काउंटर: Kiosk Counter · कृपया अपना नंबर बुलाए जाने तक प्रतीक्षा करें।");
        Assert.Equal(queueId, await kiosk.Locator("#slip").GetAttributeAsync("data-queue-id"));
        await Chromium.ScreenshotAsync(kiosk, "kiosk-done-hi");
        var slip = await PrintedSlip.PrintAsync(kiosk, "kiosk-slip");
        Assert.Contains(queueId, slip.Text, StringComparison.Ordinal);
        Assert.NotNull(slip.QrCode);

        // The ticket belongs to the phone's patient, in the category chosen.
        var patient = await http.SignInPatientAsync("Kiosk Patient", phone);
        var held = Assert.Single(await http.TicketsOfAsync(patient));
        Assert.Equal(queueId, held.GetProperty("queueId").GetString());
        Assert.Equal("PREGNANT", held.GetProperty("category").GetString());
        Assert.Equal(held.GetProperty("trackingUrl").GetString(), slip.QrCode);

        await kiosk.TapAsync("#done");
        await Expect(kiosk.Locator("#service-step")).ToBeVisibleAsync();
        Assert.Empty(chromium.PageErrors);
    }
}
