using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace QueueSystem.IntegrationTests.Display;

/// <summary>Screens see calls, lines and breaks live, from either Display instance, each call announced once.</summary>
[Collection(SystemCollection.Name)]
public sealed class LiveScreensTests(SystemFixture system)
{
    [Fact]
    public async Task Clients_of_both_display_instances_get_every_update_whichever_instance_applied_it()
    {
        using var http = system.CreateGatewayClient();
        await using var first = await DisplaySocket.ConnectAsync(system.App.GetEndpoint("display", "http").WebSocketUri("/ws/queue/updates/?service=LAB"));
        await using var second = await DisplaySocket.ConnectAsync(system.App.GetEndpoint("display-2", "http").WebSocketUri("/ws/queue/updates/?service=LAB"));
        await first.NextAsync("initial_data");
        await second.NextAsync("initial_data");
        var hubUpdates = Channel.CreateUnbounded<JsonElement>();
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(system.App.GetEndpoint("display-2", "http"), "/hubs/queue?service=LAB")).Build();
        hub.On<JsonElement>("queue_update", update => hubUpdates.Writer.TryWrite(update));
        await hub.StartAsync();

        var ticket = await http.JoinAsync("LAB", system.Patient("Both Screens"));

        bool IsForTicket(JsonElement update) => update.GetProperty("counter_id").GetInt32() == ticket.CounterId;
        Assert.True(IsForTicket(await first.NextAsync("queue_update", IsForTicket)));
        Assert.True(IsForTicket(await second.NextAsync("queue_update", IsForTicket)));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!IsForTicket(await hubUpdates.Reader.ReadAsync(wait.Token)))
        {
        }
    }

    [Fact]
    public async Task A_call_is_announced_once_with_the_counter_and_the_patient_and_a_break_shows()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Announce Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        await using var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
        await screen.NextAsync("initial_data");
        var first = await http.JoinAsync(code, system.Patient("Asha Rao"));
        await http.JoinAsync(code, system.Patient("Ravi Kumar"));

        Assert.Equal(first.TicketId, (await http.ServeNextAsync(staff)).Called);

        var called = await screen.NextAsync("patient_called");
        Assert.Equal(counterId, called.GetProperty("counter_id").GetInt32());
        Assert.Equal("Announce Room", called.GetProperty("counter_name").GetString());
        Assert.Equal(first.QueueId, called.GetProperty("queue_id").GetString());
        Assert.Equal("Asha Rao", called.GetProperty("patient_name").GetString());
        var serving = await screen.NextAsync("queue_update", u => u.GetProperty("serving_patient").ValueKind == JsonValueKind.Object);
        Assert.Equal(first.QueueId, serving.GetProperty("serving_patient").GetProperty("queue_id").GetString());
        Assert.Equal(1, serving.GetProperty("queue_length").GetInt32());

        using (var onBreak = await http.SendAsync(HttpMethod.Post, "/staff/update_status/", staff, new { counterId, status = "break" }))
        {
            onBreak.EnsureSuccessStatusCode();
        }

        var status = await screen.NextAsync("counter_status_update");
        Assert.Equal("break", status.GetProperty("status").GetString());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(screen.Pending(), frame => frame.GetProperty("type").GetString() == "patient_called");

        // The second patient waits in the pool (no other counter): the screen's line shows nobody at the counter on break.
        await using var later = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
        var board = (await later.NextAsync("initial_data")).GetProperty("counters").EnumerateArray().Single();
        Assert.Equal("break", board.GetProperty("status").GetString());
        Assert.Equal(0, board.GetProperty("queue_length").GetInt32());
    }
}
