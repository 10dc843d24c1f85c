using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using QueueSystem.LoadTool.Reporting;

namespace QueueSystem.LoadTool.Scenarios;

/// <summary>
/// Staff calls while thousands of screens and phones are connected through the gateway: half on the plain
/// WebSocket, half on the SignalR hub, spread over the services. Each call is timed from its
/// <c>serve_next</c> being sent to its <c>patient_called</c> reaching each client of its service; a call a
/// client never receives is counted as missed.
/// </summary>
public static class LiveCalls
{
    private const int ConnectingAtOnce = 64;

    public static async Task<ScenarioResult> RunAsync(Uri gateway, ProcessSampler sampler, int clients, int services, int callsPerSecond, int seconds)
    {
        var name = $"call → patient_called, {clients} live clients";
        var calls = callsPerSecond * seconds;
        Console.WriteLine($"{name}: {calls} calls at {callsPerSecond}/s over {services} services");
        var clinic = await Clinic.OpenAsync(gateway, services, countersPerService: 2, patients: (int)Math.Ceiling((double)calls / services) + 2);
        using var http = Clinic.LoadClient(gateway);
        await clinic.JoinEveryoneAsync(http);

        var deliveries = new ConcurrentDictionary<string, ConcurrentQueue<long>>(StringComparer.Ordinal);
        void Delivered(string queueId, long at) => deliveries.GetOrAdd(queueId, _ => new()).Enqueue(at);
        using var stop = new CancellationTokenSource();
        var listeners = new List<IAsyncDisposable>();
        var clientsOf = new Dictionary<string, int>(StringComparer.Ordinal);
        long connectFailures = 0;
        using (var turns = new SemaphoreSlim(ConnectingAtOnce))
        {
            var connecting = Enumerable.Range(0, clients).Select(async i =>
            {
                var service = clinic.ServiceCodes[i % services];
                await turns.WaitAsync();
                try
                {
                    var listener = i % 2 == 0
                        ? await SocketListener.ConnectAsync(gateway, service, Delivered, stop.Token)
                        : await HubListener.ConnectAsync(gateway, service, Delivered);
                    lock (listeners)
                    {
                        listeners.Add(listener);
                        clientsOf[service] = clientsOf.GetValueOrDefault(service) + 1;
                    }
                }
                catch (Exception error) when (error is WebSocketException or HttpRequestException or IOException or TaskCanceledException)
                {
                    Interlocked.Increment(ref connectFailures);
                }
                finally
                {
                    turns.Release();
                }
            });
            await Task.WhenAll(connecting);
        }

        Console.WriteLine($"  {listeners.Count} clients connected, {connectFailures} failed");
        await Machine.SettleAsync();

        var measured = new Measurement(sampler);
        for (var i = 0; i < connectFailures; i++)
        {
            measured.Error("connect failed");
        }

        var sentAt = new ConcurrentDictionary<string, (long At, string Service)>(StringComparer.Ordinal);
        using (Progress.Every(TimeSpan.FromSeconds(1), () => $"  {measured.Clock.Elapsed.TotalSeconds,5:F0} s  calls {sentAt.Count}  deliveries {deliveries.Values.Sum(d => d.Count)}"))
        {
            var calling = new List<Task>();
            for (var i = 0; i < calls; i++)
            {
                var early = TimeSpan.FromSeconds((double)i / callsPerSecond) - measured.Clock.Elapsed;
                if (early > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(early);
                }

                var (service, counter) = clinic.Counters[i % clinic.Counters.Count];
                calling.Add(CallAsync(http, clinic, service, counter, sentAt, measured));
            }

            await Task.WhenAll(calling);
            // Stragglers: every connected client of each call's service, or ten seconds.
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(10) && sentAt.Any(s => Received(s.Key) < clientsOf.GetValueOrDefault(s.Value.Service)))
            {
                await Task.Delay(200);
            }
        }

        int Received(string queueId) => deliveries.TryGetValue(queueId, out var times) ? times.Count : 0;
        foreach (var (queueId, (at, service)) in sentAt)
        {
            foreach (var received in deliveries.GetValueOrDefault(queueId) ?? new())
            {
                measured.Record(Stopwatch.GetElapsedTime(at, received).TotalMilliseconds);
            }

            for (var missed = Received(queueId); missed < clientsOf.GetValueOrDefault(service); missed++)
            {
                measured.Error("missed");
            }
        }

        await stop.CancelAsync();
        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }

        var result = await measured.FinishAsync(name, "p99 ≤ 100 ms, every client gets every update", figures => figures.Latency.P99 <= 100 && figures.Errors == 0,
            $"{listeners.Count} clients ({clients / 2} plain WebSocket, {clients - clients / 2} SignalR) over {services} services; {sentAt.Count} calls, each timed to every client of its service (requests = deliveries).");
        return result;
    }

    private static async Task CallAsync(HttpClient http, Clinic clinic, string service, int counter, ConcurrentDictionary<string, (long, string)> sentAt, Measurement measured)
    {
        var at = Stopwatch.GetTimestamp();
        using var request = clinic.ServeNext(counter);
        try
        {
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                measured.Error($"serve_next {(int)response.StatusCode}");
                return;
            }

            var called = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("called");
            if (called.ValueKind == JsonValueKind.Object)
            {
                sentAt[called.GetProperty("queueId").GetString()!] = (at, service);
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            measured.Error($"serve_next {error.GetType().Name}");
        }
    }

    /// <summary>A display screen on the plain WebSocket.</summary>
    private sealed class SocketListener(ClientWebSocket socket, Task receiving) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> ConnectAsync(Uri gateway, string service, Action<string, long> delivered, CancellationToken stop)
        {
            var socket = new ClientWebSocket();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(new Uri(gateway.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + $"ws/queue/updates/?service={service}"), timeout.Token);
            return new SocketListener(socket, ReceiveAsync(socket, delivered, stop));
        }

        private static async Task ReceiveAsync(ClientWebSocket socket, Action<string, long> delivered, CancellationToken stop)
        {
            var buffer = new byte[16 * 1024];
            using var frame = new MemoryStream();
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, stop);
                    frame.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    var at = Stopwatch.GetTimestamp();
                    var bytes = frame.GetBuffer().AsSpan(0, (int)frame.Length);
                    if (bytes.IndexOf("\"patient_called\""u8) >= 0)
                    {
                        using var json = JsonDocument.Parse(frame.ToArray());
                        delivered(json.RootElement.GetProperty("queue_id").GetString()!, at);
                    }

                    frame.SetLength(0);
                }
            }
            catch (Exception error) when (error is OperationCanceledException or WebSocketException)
            {
                // The scenario is over, or the connection dropped: its missing calls are counted.
            }
        }

        public async ValueTask DisposeAsync()
        {
            socket.Abort();
            await receiving;
            socket.Dispose();
        }
    }

    /// <summary>A browser page on the SignalR hub (WebSockets, as browsers use it).</summary>
    private sealed class HubListener(HubConnection hub) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> ConnectAsync(Uri gateway, string service, Action<string, long> delivered)
        {
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(gateway, $"/hubs/queue?service={service}"), options =>
                {
                    options.SkipNegotiation = true;
                    options.Transports = HttpTransportType.WebSockets;
                })
                .Build();
            hub.On<JsonElement>("patient_called", called => delivered(called.GetProperty("queue_id").GetString()!, Stopwatch.GetTimestamp()));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await hub.StartAsync(timeout.Token);
            return new HubListener(hub);
        }

        public ValueTask DisposeAsync() => hub.DisposeAsync();
    }
}
