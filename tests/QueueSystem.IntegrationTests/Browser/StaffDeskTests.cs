using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>The counter desk in a browser: a supervisor's view of every counter, break, skip, recall and history.</summary>
[Collection(SystemCollection.Name)]
public sealed class StaffDeskTests(SystemFixture system)
{
    [Fact]
    public async Task A_break_says_how_many_patients_move_and_skip_and_recall_work_from_the_desk_and_signing_out_ends_the_token()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, first) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Desk A");
        var second = await ClinicSetup.AddCounterAsync(http, admin, code, "Desk B");

        var supervisor = await http.CreateStaffAsync(admin, "supervisor");
        var tickets = new List<TicketResponse>();
        foreach (var name in new[] { "Asha Rao", "Ravi Kumar", "Meena Iyer", "Arjun Das", "Kavya Nair" })
        {
            tickets.Add(await http.JoinAsync(code, system.Patient(name)));
        }

        await using var chromium = await Chromium.LaunchAsync();
        var desk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        await desk.SignInAsync(supervisor);
        await Expect(desk.Locator($"#overview-{first}")).ToContainTextAsync("Desk A");
        await Expect(desk.Locator($"#overview-{second}")).ToContainTextAsync("Desk B");
        await Chromium.ScreenshotAsync(desk, "staff-overview");
        await Chromium.AssertAccessibleAsync(desk);

        await desk.Locator($"#overview-{first} button").ClickAsync();
        var waitingAtFirst = tickets.Count(t => t.CounterId == first);
        await Expect(desk.Locator("#waiting-count")).ToHaveTextAsync(waitingAtFirst.ToString(CultureInfo.InvariantCulture));

        // Call, then skip the called patient: they appear under "Skipped today"; recall puts them first in line.
        await desk.ClickAsync("#call-next");
        await Expect(desk.Locator("#current-id")).ToContainTextAsync($"{code}_");
        var called = (await desk.Locator("#current-id").TextContentAsync())!;
        await Expect(desk.Locator("#skip")).ToBeEnabledAsync();
        await desk.ClickAsync("#skip");
        var skippedTicket = tickets.Single(t => t.QueueId == called);
        await Expect(desk.Locator($"#skipped-{skippedTicket.TicketId}")).ToContainTextAsync(called);
        await desk.Locator($"#skipped-{skippedTicket.TicketId} button.recall").ClickAsync();
        await Expect(desk.Locator("#waiting tr").First).ToContainTextAsync(called);
        await Expect(desk.Locator($"#skipped-{skippedTicket.TicketId}")).ToHaveCountAsync(0);

        // The ticket's history lists what happened to it.
        await desk.Locator($"#waiting-{skippedTicket.TicketId} button.history").ClickAsync();
        await Expect(desk.Locator("#history-events li")).ToHaveCountAsync(4); // joined, called, skipped, recalled
        await Chromium.ScreenshotAsync(desk, "staff-history");
        await Chromium.AssertAccessibleAsync(desk);
        await desk.ClickAsync("#history-close");

        // A break first says how many move, and moves them to Desk B on confirmation.
        var line = int.Parse((await desk.Locator("#waiting-count").TextContentAsync())!, CultureInfo.InvariantCulture);
        await desk.ClickAsync("#set-break");
        await Expect(desk.Locator("#break-text")).ToContainTextAsync($"{line} waiting patients will move to the other open counters");
        await Chromium.ScreenshotAsync(desk, "staff-break-confirmation");
        await Chromium.AssertAccessibleAsync(desk);
        await desk.ClickAsync("#break-confirm");
        await Expect(desk.Locator("#message")).ToHaveTextAsync($"Break started. {line} waiting patients were moved.");
        await Expect(desk.Locator("#counter-status")).ToHaveTextAsync("On break");
        await Expect(desk.Locator("#waiting-count")).ToHaveTextAsync("0");
        await Expect(desk.Locator("#call-next")).ToBeDisabledAsync();

        using var queue = await http.SendAsync(HttpMethod.Get, $"/api/staff/counters/{second}/queue", admin);
        var waitingAtSecond = (await queue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waiting").GetArrayLength();
        Assert.Equal(tickets.Count - 1, waitingAtSecond); // everyone but the patient being served at Desk A

        // Signing out at the desk ends the token itself, so nobody can take it from the shared computer.
        var token = await desk.EvaluateAsync<string>("JSON.parse(localStorage.getItem('qms.staff')).accessToken");
        await desk.ClickAsync("#sign-out");
        await Expect(desk.Locator("#sign-in")).ToBeVisibleAsync();
        await Eventually.Until(async () =>
        {
            using var counters = await http.SendAsync(HttpMethod.Get, "/api/staff/counters", token);
            return counters.StatusCode == System.Net.HttpStatusCode.Unauthorized;
        });
        Assert.Empty(chromium.PageErrors);
    }
}
