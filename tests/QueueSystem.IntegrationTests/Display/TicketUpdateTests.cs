using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace QueueSystem.IntegrationTests.Display;

/// <summary>A patient's own SignalR connection follows their ticket live, and only theirs.</summary>
[Collection(SystemCollection.Name)]
public sealed class TicketUpdateTests(SystemFixture system)
{
    [Fact]
    public async Task A_patient_connection_receives_its_own_ticket_as_the_line_moves_and_never_another()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Ticket Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var first = system.Patient("First Patient");
        var second = system.Patient("Second Patient");
        var firstTicket = await http.JoinAsync(code, first);
        var secondTicket = await http.JoinAsync(code, second);

        var (firstHub, firstUpdates) = await ConnectAsync(first.AccessToken);
        var (secondHub, secondUpdates) = await ConnectAsync(second.AccessToken);
        var (anonymousHub, anonymousUpdates) = await ConnectAsync(null);
        await using (firstHub)
        await using (secondHub)
        await using (anonymousHub)
        {
            Assert.Equal(firstTicket.TicketId, (await http.ServeNextAsync(staff)).Called);

            var moved = await Eventually.Get(() => Task.FromResult(secondUpdates.LastOrDefault(u => u.GetProperty("position").ValueKind == JsonValueKind.Number && u.GetProperty("position").GetInt32() == 1) is { ValueKind: JsonValueKind.Object } found ? new Box(found) : null));
            Assert.Equal(secondTicket.TicketId, moved.Value.GetProperty("ticketId").GetGuid());
            Assert.Equal(secondTicket.QueueId, moved.Value.GetProperty("queueId").GetString());
            Assert.Equal("waiting", moved.Value.GetProperty("status").GetString());
            Assert.Equal(0, moved.Value.GetProperty("aheadOfYou").GetInt32());
            Assert.Equal("Ticket Room", moved.Value.GetProperty("counterName").GetString());

            var called = await Eventually.Get(() => Task.FromResult(firstUpdates.LastOrDefault(u => u.GetProperty("status").GetString() == "called") is { ValueKind: JsonValueKind.Object } found ? new Box(found) : null));
            Assert.Equal(firstTicket.TicketId, called.Value.GetProperty("ticketId").GetGuid());
            Assert.Equal(JsonValueKind.Null, called.Value.GetProperty("position").ValueKind);

            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.All(firstUpdates, u => Assert.Equal(firstTicket.TicketId, u.GetProperty("ticketId").GetGuid()));
            Assert.All(secondUpdates, u => Assert.Equal(secondTicket.TicketId, u.GetProperty("ticketId").GetGuid()));
            Assert.Empty(anonymousUpdates);
        }
    }

    [Fact]
    public async Task A_pushed_ticket_is_the_ticket_the_queue_answers_with_the_place_and_wait_it_decided()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Same Shape Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var third = await http.SignInPatientAsync("Third In Line");
        await http.JoinAsync(code, system.Patient("First In Line"));
        await http.JoinAsync(code, system.Patient("Second In Line"));
        var joined = await http.JoinAsync(code, third);
        Assert.Equal(3, joined.Position);

        var (hub, updates) = await ConnectAsync(third.AccessToken);
        await using (hub)
        {
            await http.ServeNextAsync(staff);
            var pushed = await Eventually.Get(() => Task.FromResult(
                updates.LastOrDefault(u => u.GetProperty("position").ValueKind == JsonValueKind.Number && u.GetProperty("position").GetInt32() == 2) is { ValueKind: JsonValueKind.Object } found ? new Box(found) : null));

            using var dashboard = await http.SendAsync(HttpMethod.Get, "/patient_dashboard/", third.AccessToken);
            using var answer = JsonDocument.Parse(await dashboard.Content.ReadAsStringAsync());
            var answered = answer.RootElement.GetProperty("tickets").EnumerateArray().Single();
            var pushedMembers = pushed.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
            var answeredMembers = answered.EnumerateObject().Where(p => p.Name != "nowServing").ToDictionary(p => p.Name, p => p.Value.GetRawText());
            Assert.Equal(answeredMembers, pushedMembers);
            Assert.Equal(1, pushed.Value.GetProperty("aheadOfYou").GetInt32());
            Assert.True(pushed.Value.GetProperty("estimatedWaitMinutes").GetInt32() > 0);
        }
    }

    [Fact]
    public async Task A_tracking_link_connection_follows_its_ticket_until_it_is_called_and_a_wrong_token_follows_nothing()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Family Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var clerk = await http.LoginAsync(await http.CreateStaffAsync(admin, "reception"), StaffHelpers.Password);
        await http.JoinAsync(code, system.Patient("Ahead Of Family"));
        using var issued = await http.SendAsync(HttpMethod.Post, "/api/reception/tickets", clerk, new { serviceCode = code, name = "Followed By Family" });
        var ticket = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var token = WalkInHelpers.TrackingTokenOf(ticket.GetProperty("trackingUrl").GetString()!);

        var (family, familyUpdates) = await ConnectAsync(null, $"?track={token}");
        var (stranger, strangerUpdates) = await ConnectAsync(null, $"?track={token[..^2]}AA");
        await using (family)
        await using (stranger)
        {
            await http.ServeNextAsync(staff);
            await Eventually.Until(() => familyUpdates.Any(u => u.GetProperty("position").ValueKind == JsonValueKind.Number && u.GetProperty("position").GetInt32() == 1));
            await http.ServeNextAsync(staff);
            await Eventually.Until(() => familyUpdates.Any(u => u.GetProperty("status").GetString() == "called" && u.GetProperty("counterName").GetString() == "Family Room"));

            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.All(familyUpdates, u => Assert.Equal(ticket.GetProperty("ticketId").GetGuid(), u.GetProperty("ticketId").GetGuid()));
            Assert.Empty(strangerUpdates);
        }
    }

    private async Task<(HubConnection Hub, ConcurrentQueue<JsonElement> Updates)> ConnectAsync(string? token, string query = "")
    {
        var updates = new ConcurrentQueue<JsonElement>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.Gateway, "/hubs/queue" + query), options => options.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        hub.On<JsonElement>("ticket_update", update => updates.Enqueue(update));
        await hub.StartAsync();
        return (hub, updates);
    }

    private sealed record Box(JsonElement Value);
}
