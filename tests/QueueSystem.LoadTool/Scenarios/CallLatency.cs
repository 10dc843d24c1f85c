using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace QueueSystem.LoadTool.Scenarios;

/// <summary>
/// From a staff call (<c>serve_next</c> sent) to its <c>patient_called</c> frame on a display's plain
/// WebSocket at the gateway. Sets up its own service, counter and operator (admin password from
/// QMS_ADMIN_PASSWORD), signs patients in through the development SMS outbox, then calls them one by one.
/// </summary>
public static class CallLatency
{
    public static async Task<int> RunAsync(Uri gateway, int count)
    {
        using var http = OtpLatency.ClientFrom(gateway, OtpLatency.FreshLoopback(0));
        var admin = await Clinic.AdminAsync(http);
        var code = "B" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        await Clinic.PostAsync(http, "/api/admin/services", admin, new { code, name = "Benchmark" });
        var counter = await Clinic.PostAsync(http, "/api/admin/counters", admin, new { name = "Benchmark Room", serviceCode = code, startTime = "00:00", endTime = "24:00" });
        var username = "bench-" + Guid.NewGuid().ToString("N")[..12];
        await Clinic.PostAsync(http, "/api/admin/staff", admin, new { username, password = "benchmark-password-1", role = "operator", counterId = counter.GetProperty("id").GetInt32() });
        var staff = await Clinic.LoginAsync(http, username, "benchmark-password-1");

        var patients = await OtpLatency.SignInManyAsync(gateway, count);
        foreach (var token in patients)
        {
            await Clinic.PostAsync(http, "/join_queue/", token, new { serviceCode = code });
        }

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(gateway.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + $"ws/queue/updates/?service={code}"), CancellationToken.None);
        var announced = Channel.CreateUnbounded<(string QueueId, long At)>();
        _ = ReceiveAsync(socket, announced.Writer);

        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = await Clinic.PostAsync(http, "/staff/serve_next/", staff, new { });
            var queueId = answer.GetProperty("called").GetProperty("queueId").GetString();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            (string QueueId, long At) frame;
            do
            {
                frame = await announced.Reader.ReadAsync(wait.Token);
            }
            while (frame.QueueId != queueId);

            latencies.Add(Stopwatch.GetElapsedTime(started, frame.At).TotalMilliseconds);
            await Task.Delay(50);
        }

        latencies.Sort();
        Console.WriteLine($"call-latency: {latencies.Count} calls, one at a time, service {code}");
        Console.WriteLine($"serve_next -> patient_called on a screen: p50 {OtpLatency.Percentile(latencies, 0.50):F0} ms, p90 {OtpLatency.Percentile(latencies, 0.90):F0} ms, p99 {OtpLatency.Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms");
        return 0;
    }

    private static async Task ReceiveAsync(ClientWebSocket socket, ChannelWriter<(string, long)> announced)
    {
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);

            var at = Stopwatch.GetTimestamp();
            using var frame = JsonDocument.Parse(text.ToString());
            if (frame.RootElement.GetProperty("type").GetString() == "patient_called")
            {
                announced.TryWrite((frame.RootElement.GetProperty("queue_id").GetString()!, at));
            }
        }
    }
}
