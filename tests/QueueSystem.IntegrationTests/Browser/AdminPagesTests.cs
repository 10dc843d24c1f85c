using System.Net.Http.Json;
using System.Net;
using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>The admin pages in a browser: a service (with its priority mix), counter, category, account and kiosk made through the forms, the QR poster, the reports.</summary>
[Collection(SystemCollection.Name)]
public sealed class AdminPagesTests(SystemFixture system)
{
    [Fact]
    public async Task An_admin_sets_up_a_service_prints_its_poster_and_reads_the_report()
    {
        var code = "A" + Random.Shared.Next(100_000, 999_999);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(system.Gateway, "/admin/"), 1280, 900);
        await page.SignInAsync("admin", SystemFixture.AdminPassword);

        await page.FillAsync("#service-code", code);
        await page.FillAsync("#service-name", "<b>Radiology</b>");
        await page.FillAsync("#service-description", "X-ray and ultrasound");
        await page.FillAsync("#service-run", "1");
        await page.FillAsync("#service-target", "20");
        await page.ClickAsync("#service-form button[type=submit]");
        await Expect(page.Locator($"#service-row-{code}")).ToContainTextAsync("<b>Radiology</b>");
        await Expect(page.Locator($"#service-row-{code}")).ToContainTextAsync("1 in a row · 20 min");
        Assert.Equal(0, await page.Locator("#services b").CountAsync());

        await page.ClickAsync("#tab-counters");
        await page.FillAsync("#counter-name", "X-ray 1");
        await page.SelectOptionAsync("#counter-service", code);
        await page.FillAsync("#counter-start", "00:00");
        await page.FillAsync("#counter-end", "24:00");
        await page.ClickAsync("#counter-form button[type=submit]");
        var counterRow = page.Locator("#counters tr", new() { HasText = "X-ray 1" });
        await Expect(counterRow).ToContainTextAsync(code);
        var counterId = (await counterRow.Locator("td").First.TextContentAsync())!;

        // A category added in the list, with its Hindi name, is offered to patients; the list is put back after.
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        using var categories = await http.SendAsync(HttpMethod.Get, "/api/admin/categories", admin);
        var defaults = await categories.Content.ReadAsStringAsync();
        try
        {
            await page.ClickAsync("#tab-categories");
            await Expect(page.Locator("#categories tr")).ToHaveCountAsync(4);
            await page.ClickAsync("#category-add");
            var row = page.Locator("#categories tr").Last;
            await row.GetByLabel("Code").FillAsync("CHILD");
            await row.GetByLabel("Name", new() { Exact = true }).FillAsync("Child under 5");
            await row.GetByLabel("Name in Hindi").FillAsync("5 वर्ष से छोटा बच्चा");
            await page.ClickAsync("#categories-form button[type=submit]");
            await Expect(page.Locator("#message")).ToHaveTextAsync("Categories saved.");
            await Chromium.ScreenshotAsync(page, "admin-categories");
            await Chromium.AssertAccessibleAsync(page);
            var offered = await http.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/categories");
            Assert.Contains(offered!, c => c.GetProperty("code").GetString() == "CHILD" && c.GetProperty("nameHi").GetString() == "5 वर्ष से छोटा बच्चा"
                && c.GetProperty("level").GetString() == "priority" && c.GetProperty("selfDeclared").GetBoolean());
        }
        finally
        {
            using var restore = new HttpRequestMessage(HttpMethod.Put, "/api/admin/categories") { Content = new StringContent(defaults, System.Text.Encoding.UTF8, "application/json") };
            restore.Headers.Authorization = new("Bearer", admin);
            (await http.SendAsync(restore)).EnsureSuccessStatusCode();
        }

        await page.ClickAsync("#tab-staff");
        var username = $"xray{code.ToLowerInvariant()}";
        await page.FillAsync("#staff-username", username);
        await page.FillAsync("#staff-password", "short");
        await page.SelectOptionAsync("#staff-counter", counterId);
        await page.ClickAsync("#staff-form button[type=submit]");
        await Expect(page.Locator("#message")).ToContainTextAsync("password");
        await page.FillAsync("#staff-password", "Xray-Maple-Drum-58");
        await page.ClickAsync("#staff-form button[type=submit]");
        await Expect(page.Locator($"#staff-row-{username}")).ToContainTextAsync(counterId);
        await Chromium.ScreenshotAsync(page, "admin-staff");
        await Chromium.AssertAccessibleAsync(page);

        // The account made in the form works: its patient is called, and the day's report shows it.
        var staff = await http.LoginAsync(username, "Xray-Maple-Drum-58");
        await http.JoinAsync(code, system.Patient("Report Patient"));
        using (var call = await http.SendAsync(HttpMethod.Post, "/staff/serve_next/", staff, new { }))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }

        await page.ClickAsync("#tab-reports");
        await page.SelectOptionAsync("#report-service", code);
        await Eventually.Until(async () =>
        {
            await page.ClickAsync("#report-form button[type=submit]");
            return await page.Locator("#report-services tr", new() { HasText = code }).CountAsync() == 1;
        });
        await Expect(page.Locator("#report-services tr")).ToHaveCountAsync(1); // only the chosen service
        await Expect(page.Locator("#report-categories tr")).ToContainTextAsync("Regular");
        Assert.True(await page.EvaluateAsync<bool>("() => ['chart-wait', 'chart-service', 'chart-noshow', 'chart-category', 'chart-transfers'].every(id => Chart.getChart(id))"));
        await Chromium.ScreenshotAsync(page, "admin-reports");
        await Chromium.AssertAccessibleAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-csv"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("Date,Scope,Service", csv);
        Assert.Contains($",service,{code},", csv);

        // The poster: the service's name and a QR code of the patient app with the service chosen.
        var poster = await chromium.OpenAsync(new Uri(system.Gateway, $"/admin/poster.html?service={code}"), 900, 1270);
        await Expect(poster.Locator("#service-name")).ToHaveTextAsync("<b>Radiology</b>");
        await Expect(poster.Locator("#link")).ToHaveTextAsync(new Uri(system.Gateway, $"/patient/?service={code}").ToString());
        await Expect(poster.Locator("#qr")).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await poster.EvaluateAsync<int>("() => document.getElementById('qr').naturalWidth") > 100);
        await Chromium.ScreenshotAsync(poster, "admin-poster");
        await Chromium.AssertAccessibleAsync(poster);
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task The_admin_pages_turn_away_staff_who_are_not_administrators()
    {
        using var http = system.CreateGatewayClient();
        var supervisor = await http.CreateStaffAsync(await http.LoginAdminAsync(), "supervisor");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(system.Gateway, "/admin/"));
        await page.SignInAsync(supervisor);
        await Expect(page.Locator("#message")).ToHaveTextAsync("Only administrators can use this page.");
        await Expect(page.Locator("#workspace")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_admin_makes_a_reception_account_and_registers_a_kiosk_whose_link_sets_it_up_and_revokes_it()
    {
        using var http = system.CreateGatewayClient();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, await http.LoginAdminAsync(), "Admin Kiosk Room");
        var clerk = $"clerk-{Random.Shared.Next(100_000, 999_999)}";
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(system.Gateway, "/admin/"), 1280, 900);
        await page.SignInAsync("admin", SystemFixture.AdminPassword);

        await page.ClickAsync("#tab-staff");
        await page.FillAsync("#staff-username", clerk);
        await page.FillAsync("#staff-password", StaffHelpers.Password);
        await page.SelectOptionAsync("#staff-role", "reception");
        await page.ClickAsync("#staff-form button[type=submit]");
        await Expect(page.Locator($"#staff-row-{clerk}")).ToContainTextAsync("Reception");
        // The clerk's account works at the reception desk, not at a counter.
        var desk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        await desk.SignInAsync(clerk);
        await Expect(desk.Locator("#message")).ToContainTextAsync("/reception/");

        await page.ClickAsync("#tab-kiosks");
        await page.FillAsync("#kiosk-name", "Main entrance");
        await page.ClickAsync("#kiosk-form button[type=submit]");
        await Expect(page.Locator("#kiosk-token")).ToBeVisibleAsync();
        await Expect(page.Locator("#kiosks")).ToContainTextAsync("Main entrance");
        await Chromium.ScreenshotAsync(page, "admin-kiosks");
        await Chromium.AssertAccessibleAsync(page);
        var link = (await page.Locator("#kiosk-token-link").TextContentAsync())!;

        // The link shown once sets the kiosk up; revoked, the kiosk asks to be set up again at its next ticket.
        var kiosk = await chromium.OpenAsync(new Uri(link), 1080, 1400, phone: true);
        await Expect(kiosk.Locator($"#service-{code}")).ToBeVisibleAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("#kiosks button").Last.ClickAsync();
        await Expect(page.Locator("#kiosks")).Not.ToContainTextAsync("Main entrance");
        await PrintedSlip.CountPrintRequestsAsync(kiosk);
        await kiosk.TapAsync($"#service-{code}");
        await kiosk.TapAsync("#category-none");
        await kiosk.TapAsync("#print-without-phone");
        await Expect(kiosk.Locator("#setup-step")).ToBeVisibleAsync();
        await Expect(kiosk.Locator("#message")).ToContainTextAsync("not registered or was revoked");
        Assert.Equal(0, await PrintedSlip.PrintRequestsAsync(kiosk));
        Assert.Empty(chromium.PageErrors);
    }
}
