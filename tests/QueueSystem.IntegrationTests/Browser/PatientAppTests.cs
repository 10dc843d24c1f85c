using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>The patient app's own paths in a phone-sized browser: mistakes, Hindi, a reload, leaving, signing out, a closed service.</summary>
[Collection(SystemCollection.Name)]
public sealed class PatientAppTests(SystemFixture system)
{
    [Fact]
    public async Task A_patient_in_Hindi_sees_a_wrong_code_explained_keeps_the_ticket_over_a_reload_can_leave_and_signs_out()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Hindi Room");
        var closed = "C" + Random.Shared.Next(100_000, 999_999); // a service without any counter is closed
        using (var created = await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code = closed, name = "Closed Clinic" }))
        {
            created.EnsureSuccessStatusCode();
        }

        await using var chromium = await Chromium.LaunchAsync();
        var phone = await chromium.OpenOnPhoneAsync(new Uri(system.Gateway, $"/patient/?service={code}&lang=hi"));
        await Expect(phone.Locator("#phone-step h2")).ToHaveTextAsync("अपना टोकन लें");
        await Expect(phone.Locator("html")).ToHaveAttributeAsync("lang", "hi");

        await phone.FillAsync("#phone", "12");
        await phone.ClickAsync("#send-code");
        await Expect(phone.Locator("#message")).ToContainTextAsync("यह मोबाइल नंबर नहीं लगता");

        var number = Gateway.NewPhone();
        await phone.FillAsync("#phone", number);
        await phone.ClickAsync("#send-code");
        await phone.FillAsync("#name", "Sunita Devi");
        await phone.ClickAsync("#send-code");
        var otp = await http.LatestCodeAsync(number);
        await phone.FillAsync("#code", otp == "000000" ? "111111" : "000000");
        await phone.ClickAsync("#verify");
        await Expect(phone.Locator("#message")).ToHaveTextAsync("गलत कोड। 4 प्रयास बाकी हैं।");
        await Chromium.ScreenshotAsync(phone, "patient-wrong-code-hindi");
        await Chromium.AssertAccessibleAsync(phone);
        await phone.FillAsync("#code", otp);
        await phone.ClickAsync("#verify");

        await Expect(phone.Locator($"#service-{closed}")).ToBeDisabledAsync();
        await Expect(phone.Locator($"#service-{closed}")).ToContainTextAsync("अभी बंद है");
        await phone.ClickAsync($"#service-{code}");
        var ticket = phone.Locator(".ticket.waiting .queue-id");
        await Expect(ticket).ToContainTextAsync($"{code}_");
        var queueId = await ticket.TextContentAsync();

        await phone.ReloadAsync(); // the session and the ticket survive a reload
        await Expect(phone.Locator(".ticket.waiting .queue-id")).ToHaveTextAsync(queueId!);
        await Chromium.ScreenshotAsync(phone, "patient-ticket-hindi");
        await Chromium.AssertAccessibleAsync(phone);

        phone.Dialog += (_, dialog) => dialog.AcceptAsync();
        await phone.ClickAsync(".ticket.waiting button.leave");
        await Expect(phone.Locator(".ticket.cancelled .queue-id")).ToHaveTextAsync(queueId!);
        await Expect(phone.Locator("#message")).ToHaveTextAsync("आपने कतार छोड़ दी है।");

        // Signing out ends the token itself, not just the page's copy of it.
        var token = await phone.EvaluateAsync<string>("JSON.parse(localStorage.getItem('qms.patient')).accessToken");
        await phone.ClickAsync("#sign-out");
        await Expect(phone.Locator("#phone-step")).ToBeVisibleAsync();
        Assert.Null(await phone.EvaluateAsync<string?>("localStorage.getItem('qms.patient')"));
        await Eventually.Until(async () =>
        {
            using var dashboard = await http.SendAsync(HttpMethod.Get, "/patient_dashboard/", token);
            return dashboard.StatusCode == System.Net.HttpStatusCode.Unauthorized;
        });
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task Wrong_codes_are_counted_down_then_the_code_stops_working()
    {
        using var http = system.CreateGatewayClient();
        await using var chromium = await Chromium.LaunchAsync();
        var phone = await chromium.OpenOnPhoneAsync(new Uri(system.Gateway, "/patient/?lang=en"));
        var number = Gateway.NewPhone();
        await phone.FillAsync("#phone", number);
        await phone.ClickAsync("#send-code");
        await phone.FillAsync("#name", "Guess Test");
        await phone.ClickAsync("#send-code");
        var wrong = await http.LatestCodeAsync(number) == "000000" ? "111111" : "000000";

        foreach (var expected in new[] { "Wrong code. 4 tries left.", "Wrong code. 3 tries left.", "Wrong code. 2 tries left.", "Wrong code. 1 try left.", "This code has expired or was used up. Send a new code.", "Too many wrong codes. Send a new code and try again." })
        {
            await phone.FillAsync("#code", wrong);
            await phone.ClickAsync("#verify");
            await Expect(phone.Locator("#message")).ToHaveTextAsync(expected);
        }

        await Expect(phone.Locator("#code-step")).ToBeVisibleAsync(); // still not signed in
        Assert.Empty(chromium.PageErrors);
    }
}
