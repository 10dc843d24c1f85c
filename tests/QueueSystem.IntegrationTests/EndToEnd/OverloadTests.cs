using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>
/// Load shedding at the gateway: past its limit of requests at once, a request is refused at once with 503
/// and Retry-After and changes nothing; live connections and health probes are never refused.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class OverloadTests(SystemFixture system)
{
    [Fact]
    public async Task Past_the_limit_a_join_is_refused_at_once_and_changes_nothing_while_live_paths_still_answer()
    {
        using var admin = system.CreateGatewayClient();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(admin, await admin.LoginAdminAsync(), "Busy Room");
        await using var gateway = new OneRequestGateway(system);
        gateway.UseKestrel(0);
        gateway.StartServer();
        using var client = gateway.CreateClient();

        // A join whose body is still arriving holds the only place.
        const string body = """{"serviceCode":"NOSUCH"}""";
        using var slow = await HoldTheOnlyPlaceAsync(client, system.Patient("Slow Sender"), body);
        var stream = slow.GetStream();

        var patient = system.Patient("Turned Away");
        using var busy = await client.SendAsync(HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode = code });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(2), busy.Headers.RetryAfter?.Delta);
        Assert.Equal("Busy", (await busy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        using (var alive = await client.GetAsync("/alive"))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        using (var negotiate = await client.PostAsync("/hubs/queue/negotiate?negotiateVersion=1", null))
        {
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        }

        // The held request finishes (an unknown service: nothing made); the place is free again.
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(body[5..]));
        var answer = new byte[64];
        var read = await stream.ReadAsync(answer);
        Assert.StartsWith("HTTP/1.1 404", System.Text.Encoding.ASCII.GetString(answer, 0, read), StringComparison.Ordinal);

        // The refused joins made no ticket: the retry takes the first number of the day. (The held request's place
        // is given back just after its answer is sent: a retry at that instant may still be refused.)
        var ticket = await Eventually.Get(async () =>
        {
            using var retry = await client.SendAsync(HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode = code });
            return retry.StatusCode == HttpStatusCode.ServiceUnavailable ? null : await retry.Content.ReadFromJsonAsync<TicketResponse>();
        });
        Assert.Contains("_001_", ticket.QueueId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_client_past_its_share_is_refused_while_another_client_still_waits_its_turn()
    {
        await using var gateway = new OneRequestGateway(system, queued: 8, perClient: 1);
        gateway.UseKestrel(0);
        gateway.StartServer();
        using var anyClient = gateway.CreateClient();
        var address = anyClient.BaseAddress!;
        const string body = """{"serviceCode":"NOSUCH"}""";

        // Client A (127.0.0.8) holds the only running place with a join whose body is still arriving.
        using var holder = new System.Net.Sockets.TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.8"), 0));
        await holder.ConnectAsync(address.Host, address.Port);
        var patient = system.Patient("Pushing Hard");
        await holder.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST /join_queue/ HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {patient.AccessToken}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body[..5]}"));
        await Task.Delay(TimeSpan.FromSeconds(1));

        // A's next request is past its share: refused at once, although the queue has room.
        using var clientA = new HttpClient(LocalAddress.Handler("127.0.0.8")) { BaseAddress = address };
        using (var refused = await clientA.GetAsync("/api/services").WaitAsync(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // Client B (127.0.0.9) is not refused: it waits for the place, and gets it once A's request is done.
        using var clientB = new HttpClient(LocalAddress.Handler("127.0.0.9")) { BaseAddress = address };
        var waiting = clientB.GetAsync("/api/services");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(waiting.IsCompleted);
        await holder.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(body[5..]));
        using var served = await waiting.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    /// <summary>
    /// Starts a join whose body stops after its first five bytes (written by hand: clients send whole bodies), until
    /// a request sent after it is refused: then it holds the gateway's only place.
    /// </summary>
    private static async Task<System.Net.Sockets.TcpClient> HoldTheOnlyPlaceAsync(HttpClient client, PatientSession holder, string body)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var slow = new System.Net.Sockets.TcpClient();
            await slow.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
            await slow.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                $"POST /join_queue/ HTTP/1.1\r\nHost: {client.BaseAddress.Authority}\r\nAuthorization: Bearer {holder.AccessToken}\r\n" +
                $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body[..5]}"));
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            using var probe = await client.GetAsync("/api/services");
            if (probe.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return slow;
            }

            slow.Dispose(); // the probe came first and the join was refused: try again
        }

        throw new TimeoutException("The slow join never held the gateway's place.");
    }

    /// <summary>
    /// A second gateway in this process, in front of the running services, that lets one API request through
    /// at a time; on a real socket, so that a request is handled while its body is still arriving.
    /// </summary>
    private sealed class OneRequestGateway(SystemFixture system, int queued = 0, int perClient = 128) : WebApplicationFactory<QueueSystem.Gateway.Overload.Settings>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseRunningSystem(system);
            foreach (var service in new[] { "identity", "queue", "notification", "display", "display-2" })
            {
                builder.UseSetting($"services:{service}:http:0", system.App.GetEndpoint(service, "http").ToString());
            }

            builder.UseSetting("Gateway:Overload:ConcurrentRequests", "1");
            builder.UseSetting("Gateway:Overload:QueuedRequests", queued.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Gateway:Overload:RequestsPerClient", perClient.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
