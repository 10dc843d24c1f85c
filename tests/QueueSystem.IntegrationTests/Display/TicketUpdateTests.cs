using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using QueueSystem.IntegrationTests.Identity;
using QueueSystem.IntegrationTests.Queue;

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
        var (code, counterId) = await LiveScreensTests.NewServiceWithCounterAsync(http, admin, "Ticket Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), "Heron-Desk-Lamp-47");
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

    private async Task<(HubConnection Hub, ConcurrentQueue<JsonElement> Updates)> ConnectAsync(string? token)
    {
        var updates = new ConcurrentQueue<JsonElement>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.Gateway, "/hubs/queue"), options => options.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        hub.On<JsonElement>("ticket_update", update => updates.Enqueue(update));
        await hub.StartAsync();
        return (hub, updates);
    }

    private sealed record Box(JsonElement Value);
}
