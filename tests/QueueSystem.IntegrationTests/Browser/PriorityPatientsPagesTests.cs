using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>Priority patients in the pages: a senior declares on the phone, a clerk marks an emergency at the desk, the hall shows no category.</summary>
[Collection(SystemCollection.Name)]
public sealed class PriorityPatientsPagesTests(SystemFixture system)
{
    [Fact]
    public async Task A_senior_declares_a_clerk_marks_an_emergency_and_the_calls_come_in_the_order_the_phone_and_desk_show()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Priority Desk");
        var clerk = await http.CreateStaffAsync(admin, "operator", counterId);
        var first = await http.JoinAsync(code, system.Patient("Regular One"));
        var second = await http.JoinAsync(code, system.Patient("Regular Two"));

        await using var chromium = await Chromium.LaunchAsync();
        var phone = await chromium.OpenOnPhoneAsync(new Uri(system.Gateway, $"/patient/?service={code}&lang=en"));
        var number = Gateway.NewPhone();
        await phone.SignInPatientAsync(http, number, "Kamala Devi");

        // Only the categories patients may declare are offered, with the note that staff check them.
        await Expect(phone.Locator("#category-choice")).ToContainTextAsync("Staff check this at the counter");
        await Expect(phone.Locator("#categories label")).ToHaveTextAsync(["No", "Senior citizen (60+)", "Pregnant woman", "Person with disability"]);
        await phone.GetByLabel("Senior citizen (60+)").CheckAsync();
        await Chromium.ScreenshotAsync(phone, "patient-priority-choice");
        await Chromium.AssertAccessibleAsync(phone);
        await phone.ClickAsync($"#service-{code}");
        var card = phone.Locator(".ticket.waiting");
        await Expect(card.Locator(".position")).ToHaveTextAsync("1"); // two priority calls may go before the first regular one
        await Expect(card).ToContainTextAsync("Senior citizen (60+)");
        var senior = (await card.Locator(".queue-id").TextContentAsync())!;

        var third = await http.JoinAsync(code, system.Patient("Regular Three"));
        var desk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        await desk.SignInAsync(clerk);
        await Expect(desk.Locator("#waiting-count")).ToHaveTextAsync("4");
        await Expect(desk.Locator("#waiting tr.has-category")).ToContainTextAsync(senior);

        // The clerk checks the third regular patient and marks an emergency: first in line, the senior second on the phone.
        await desk.Locator($"#waiting-{third.TicketId} select.category").SelectOptionAsync("EMERGENCY");
        await Expect(desk.Locator("#message")).ToHaveTextAsync($"{third.QueueId} is now: Emergency.");
        await Expect(desk.Locator("#waiting tr td:nth-child(2)")).ToHaveTextAsync([third.QueueId, senior, first.QueueId, second.QueueId]);
        await Expect(card.Locator(".position")).ToHaveTextAsync("2");
        await Chromium.ScreenshotAsync(desk, "staff-priority-line");
        await Chromium.AssertAccessibleAsync(desk);

        var hall = await chromium.OpenAsync(new Uri(system.Gateway, $"/display/?service={code}"));
        foreach (var expected in new[] { third.QueueId, senior, first.QueueId })
        {
            await desk.ClickAsync("#call-next");
            await Expect(desk.Locator("#current-id")).ToHaveTextAsync(expected);
            if (expected == senior)
            {
                await Expect(phone.Locator("#called")).ToBeVisibleAsync(); // the senior is called second, as the phone said
            }
        }
        await Expect(hall.Locator("body")).ToContainTextAsync(first.QueueId);
        Assert.DoesNotContain("Senior", await hall.Locator("body").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Emergency", await hall.Locator("body").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

        // "Call" on a row calls that patient at once, and says so in the ticket's history.
        await desk.Locator($"#waiting-{second.TicketId} button.call-this").ClickAsync();
        await Expect(desk.Locator("#current-id")).ToHaveTextAsync(second.QueueId);
        using var history = await http.SendAsync(HttpMethod.Get, $"/api/staff/tickets/{second.TicketId}/history", admin);
        var events = (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray();
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "called" && e.GetProperty("detail").GetString() == "out_of_turn" && e.GetProperty("by").GetString() == $"staff:{clerk}");
        Assert.Empty(chromium.PageErrors);
    }
}
