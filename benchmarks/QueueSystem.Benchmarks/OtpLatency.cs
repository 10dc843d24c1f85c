using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace QueueSystem.Benchmarks;

/// <summary>
/// From <c>send_otp</c> to the SMS provider taking the code: each request's start on this machine's
/// clock against the time the development outbox stored the message (same machine, same clock).
/// Requests come from four loopback addresses, new each run, so the per-address hourly code limit
/// (100) leaves room for up to 400 codes a run.
/// </summary>
public static class OtpLatency
{
    private const int Workers = 4;

    public static async Task<int> RunAsync(Uri gateway, int count)
    {
        var clients = Enumerable.Range(0, Workers).Select(i => ClientFrom(gateway, FreshLoopback(i))).ToArray();
        var latencies = new List<double>();
        var failures = 0;
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async client =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var phone = string.Create(CultureInfo.InvariantCulture, $"+9197{Random.Shared.Next(0, 100_000_000):D8}");
                var started = DateTimeOffset.UtcNow;
                using var sent = await client.PostAsJsonAsync("/send_otp/", new { phone, name = "Benchmark Patient" });
                if (!sent.IsSuccessStatusCode || await StoredAtAsync(client, phone) is not { } stored)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                lock (latencies)
                {
                    latencies.Add((stored - started).TotalMilliseconds);
                }
            }
        }));

        latencies.Sort();
        Console.WriteLine($"otp-latency: {latencies.Count} codes in {wall.Elapsed.TotalSeconds:F1} s, {failures} failed ({Workers} clients, one request at a time each)");
        Console.WriteLine($"send_otp -> provider: p50 {Percentile(latencies, 0.50):F0} ms, p90 {Percentile(latencies, 0.90):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies.LastOrDefault():F0} ms");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Signs patients in through the development outbox and returns their tokens.</summary>
    public static async Task<IReadOnlyList<string>> SignInManyAsync(Uri gateway, int count)
    {
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var client = ClientFrom(gateway, FreshLoopback(i / 90)); // under the hourly limit of codes per address
            var phone = string.Create(CultureInfo.InvariantCulture, $"+9196{Random.Shared.Next(0, 100_000_000):D8}");
            using var sent = await client.PostAsJsonAsync("/send_otp/", new { phone, name = $"Benchmark Patient {i}" });
            sent.EnsureSuccessStatusCode();
            await StoredAtAsync(client, phone);
            var messages = await client.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(phone)}");
            var code = System.Text.RegularExpressions.Regex.Match(messages![0].GetProperty("body").GetString()!, @"\b\d{6}\b").Value;
            using var verified = await client.PostAsJsonAsync("/verify_otp/", new { phone, code });
            verified.EnsureSuccessStatusCode();
            tokens.Add((await verified.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!);
        }

        return tokens;
    }

    private static readonly string Network = $"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

    /// <summary>A loopback address new to this run: the gateway counts codes per client address and hour.</summary>
    public static IPAddress FreshLoopback(int index) => IPAddress.Parse($"{Network}.{10 + index}");

    /// <summary>When the outbox stored the phone's code; null if it did not within 10 s.</summary>
    private static async Task<DateTimeOffset?> StoredAtAsync(HttpClient client, string phone)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var messages = await client.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(phone)}");
            if (messages is { Length: > 0 })
            {
                return messages[0].GetProperty("sentAt").GetDateTimeOffset();
            }

            await Task.Delay(10);
        }

        return null;
    }

    public static double Percentile(List<double> sorted, double share) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];

    public static HttpClient ClientFrom(Uri gateway, IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = gateway };
}
