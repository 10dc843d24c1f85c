using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>
/// On a busy hospital's wifi an answer can be lost after the server acted. The desk sends the call
/// again with the same Idempotency-Key: the same patient is shown, and nobody in line is skipped.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class LostAnswerTests(SystemFixture system)
{
    [Fact]
    public async Task A_call_whose_answer_is_lost_is_sent_again_and_calls_one_patient()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Lost Answer Desk");
        var operatorName = await http.CreateStaffAsync(admin, "operator", counterId);
        var tickets = new List<TicketResponse>();
        foreach (var name in new[] { "Lata Menon", "Vikram Shah", "Nisha Paul" })
        {
            tickets.Add(await http.JoinAsync(code, system.Patient(name)));
        }

        await using var chromium = await Chromium.LaunchAsync();
        var desk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        var keys = new List<string?>();
        await desk.RouteAsync("**/staff/serve_next/", async route =>
        {
            keys.Add(await route.Request.HeaderValueAsync("idempotency-key"));
            if (keys.Count == 1)
            {
                await using var reached = await route.FetchAsync(); // the server acts…
                await route.AbortAsync("connectionreset"); // …and its answer never arrives
                return;
            }

            await route.ContinueAsync();
        });
        await desk.SignInAsync(operatorName);

        await desk.ClickAsync("#call-next");

        await Eventually.Until(() => keys.Count >= 2);
        await Expect(desk.Locator("#current-id")).ToHaveTextAsync(tickets[0].QueueId);
        await Task.Delay(TimeSpan.FromSeconds(1)); // nothing more is sent once the answer came
        Assert.Equal(2, keys.Count);
        Assert.NotNull(keys[0]);
        Assert.Equal(keys[0], keys[1]);
        using var queue = await http.SendAsync(HttpMethod.Get, $"/api/staff/counters/{counterId}/queue", admin);
        var line = await queue.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(tickets[0].TicketId, line.GetProperty("current").GetProperty("ticketId").GetGuid());
        Assert.Equal([tickets[1].TicketId, tickets[2].TicketId], line.GetProperty("waiting").EnumerateArray().Select(t => t.GetProperty("ticketId").GetGuid()));
        Assert.Empty(chromium.PageErrors);
    }
}
