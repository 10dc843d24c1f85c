using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>
/// One client cannot take what everyone shares: live connections are limited per client address and joins and
/// cancels per patient, each refused with a 429 problem and Retry-After that changes nothing.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AbuseLimitsTests(SystemFixture system)
{
    [Fact]
    public async Task One_address_cannot_open_more_live_connections_than_its_share_and_others_still_can()
    {
        var screen = system.Gateway.WebSocketUri("/ws/queue/updates/");
        using var crowd = new HttpMessageInvoker(LocalAddress.Handler("127.0.0.3"));
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < SystemFixture.LiveConnectionsPerAddress; i++)
            {
                open.Add(await ConnectAsync(screen, crowd));
            }

            using var refused = new ClientWebSocket();
            refused.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(screen, crowd, CancellationToken.None));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.HttpStatusCode);
            Assert.True(refused.HttpResponseHeaders!.ContainsKey("Retry-After"));
            using (var hub = new HttpClient(LocalAddress.Handler("127.0.0.3")) { BaseAddress = system.Gateway })
            using (var negotiate = await hub.PostAsync("/hubs/queue/negotiate?negotiateVersion=1", null))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, negotiate.StatusCode);
                Assert.Equal("application/problem+json", negotiate.Content.Headers.ContentType?.MediaType);
            }

            // Another address is not affected, and a place given back can be taken again.
            using var elsewhere = new HttpMessageInvoker(LocalAddress.Handler("127.0.0.4"));
            using (var other = await ConnectAsync(screen, elsewhere))
            {
                Assert.Equal(WebSocketState.Open, other.State);
            }

            await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            open[0].Dispose();
            open.RemoveAt(0);
            open.Add(await Eventually.Get(async () =>
            {
                var again = new ClientWebSocket();
                try
                {
                    await again.ConnectAsync(screen, crowd, CancellationToken.None);
                    return again;
                }
                catch (WebSocketException)
                {
                    again.Dispose();
                    return null; // the closed connection's place is given back once the proxy has let go of it
                }
            }));
        }
        finally
        {
            open.ForEach(socket => socket.Dispose());
        }
    }

    [Fact]
    public async Task A_patient_who_joins_and_leaves_too_often_is_slowed_down_and_nothing_changes()
    {
        using var http = system.CreateGatewayClient();
        var patient = system.Patient("Flooding Fiona");
        for (var sent = 0; sent < SystemFixture.PatientCommandsPerMinute; sent += 2)
        {
            var ticket = await http.JoinAsync("OPD", patient);
            using var cancel = await http.SendAsync(HttpMethod.Post, $"/api/tickets/{ticket.TicketId}/cancel", patient.AccessToken);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var before = await http.TicketsOfAsync(patient);
        using var refused = await http.SendAsync(HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode = "OPD" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(before.Length, (await http.TicketsOfAsync(patient)).Length);

        // Everyone else joins as usual.
        await http.JoinAsync("OPD", system.Patient("Patient Pat"));
    }

    private static async Task<ClientWebSocket> ConnectAsync(Uri uri, HttpMessageInvoker invoker)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, invoker, CancellationToken.None);
        return socket;
    }
}
