using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>The thin slice through every part: gateway → Queue → PostgreSQL → relay → RabbitMQ → Display → MariaDB → Redis → screens.</summary>
[Collection(SystemCollection.Name)]
public sealed class JoinReachesScreensTests(SystemFixture system)
{
    [Fact]
    public async Task A_join_at_the_gateway_reaches_a_plain_websocket_and_a_signalr_client()
    {
        using var http = system.CreateGatewayClient();
        await using var socket = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri("/ws/queue/updates/"));
        var initial = await socket.NextAsync("initial_data");
        Assert.Equal(JsonValueKind.Array, initial.GetProperty("counters").ValueKind);

        var hubUpdates = Channel.CreateUnbounded<JsonElement>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.Gateway, "/hubs/queue"))
            .Build();
        hub.On<JsonElement>("queue_update", update => hubUpdates.Writer.TryWrite(update));
        var hubInitial = new TaskCompletionSource<JsonElement>();
        hub.On<JsonElement>("initial_data", data => hubInitial.TrySetResult(data));
        await hub.StartAsync();
        await hubInitial.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var ticket = await http.JoinAsync("OPD", "Asha Rao");
        Assert.Equal("waiting", ticket.Status);
        Assert.NotNull(ticket.CounterId);
        Assert.Matches(@"^OPD_\d{3,}_\d{4}$", ticket.QueueId);

        var socketUpdate = await socket.NextAsync("queue_update", u => u.GetProperty("counter_id").GetInt32() == ticket.CounterId);
        Assert.Equal(ticket.Position, socketUpdate.GetProperty("queue_length").GetInt32());

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        JsonElement hubUpdate;
        do
        {
            hubUpdate = await hubUpdates.Reader.ReadAsync(wait.Token);
        }
        while (hubUpdate.GetProperty("counter_id").GetInt32() != ticket.CounterId);

        Assert.Equal("queue_update", hubUpdate.GetProperty("type").GetString());
        Assert.Equal(ticket.Position, hubUpdate.GetProperty("queue_length").GetInt32());
    }

    [Fact]
    public async Task A_service_filter_keeps_other_services_off_the_socket()
    {
        using var http = system.CreateGatewayClient();
        await using var labOnly = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri("/ws/queue/updates/?service=LAB"));
        await labOnly.NextAsync("initial_data");

        var opd = await http.JoinAsync("OPD", "Meera");
        var lab = await http.JoinAsync("LAB", "Vikram");

        var update = await labOnly.NextAsync("queue_update");
        Assert.Equal(lab.CounterId, update.GetProperty("counter_id").GetInt32());
        Assert.DoesNotContain(labOnly.Pending(), frame => frame.GetProperty("counter_id").GetInt32() == opd.CounterId);
    }

    [Fact]
    public async Task A_client_that_connects_later_gets_the_current_line_in_its_initial_data()
    {
        using var http = system.CreateGatewayClient();
        var ticket = await http.JoinAsync("LAB", "Kiran");

        var counter = await Eventually.Get(async () =>
        {
            await using var socket = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri("/ws/queue/updates?service=LAB"));
            var initial = await socket.NextAsync("initial_data");
            return initial.GetProperty("counters").EnumerateArray()
                .Where(c => c.GetProperty("counter_id").GetInt32() == ticket.CounterId
                            && c.GetProperty("queue_length").GetInt32() >= ticket.Position)
                .Select(c => (JsonElement?)c)
                .FirstOrDefault() is { } found ? new Box(found) : null;
        });

        Assert.Equal("LAB", counter.Value.GetProperty("service").GetString());
        Assert.Equal("available", counter.Value.GetProperty("status").GetString());
    }

    private sealed record Box(JsonElement Value);
}
