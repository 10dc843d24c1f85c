using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace QueueSystem.LoadTool.Scenarios;

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

    /// <summary>
    /// Signs patients in through the real path (code sent, read from the development outbox, verified) and
    /// returns their tokens; eight at a time, each loopback address used for at most 90 codes (the hourly
    /// limit per address is 100).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SignInManyAsync(Uri gateway, int count)
    {
        var firstAddress = Interlocked.Add(ref addressesUsed, (count + 89) / 90) - ((count + 89) / 90);
        var tokens = new string[count];
        var clients = new System.Collections.Concurrent.ConcurrentDictionary<int, HttpClient>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var client = clients.GetOrAdd(firstAddress + (i / 90), address => ClientFrom(gateway, FreshLoopback(address)));
                var phone = string.Create(CultureInfo.InvariantCulture, $"+9196{Interlocked.Increment(ref lastPhone) % 100_000_000:D8}");
                using var sent = await WithRetriesAsync(() => client.PostAsJsonAsync("/send_otp/", new { phone, name = $"Load Patient {i}" }));
                await StoredAtAsync(client, phone);
                var messages = await client.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(phone)}");
                var code = System.Text.RegularExpressions.Regex.Match(messages![0].GetProperty("body").GetString()!, @"\b\d{6}\b").Value;
                using var verified = await WithRetriesAsync(() => client.PostAsJsonAsync("/verify_otp/", new { phone, code }));
                tokens[i] = (await verified.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            }
        }));

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        return tokens;
    }

    /// <summary>
    /// Setup is not measured: a request the system refuses for now (503 while it catches up, 429) is tried
    /// again up to five times, a second apart; anything else, or a sixth refusal, stops the run.
    /// </summary>
    private static async Task<HttpResponseMessage> WithRetriesAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.IsSuccessStatusCode || attempt == 6 || (int)response.StatusCode is not (503 or 429))
            {
                return response.EnsureSuccessStatusCode();
            }

            Console.WriteLine($"  setup: {(int)response.StatusCode} from {response.RequestMessage?.RequestUri?.AbsolutePath}, trying again");
            response.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }

    /// <summary>Loopback addresses already given to sign-ins in this run (each takes at most 90 codes).</summary>
    private static int addressesUsed = 4;

    // Each patient of a run a phone of their own, from a random start: random numbers alone gave two of 7,560
    // patients the same phone (one patient, whose second join was refused as a ticket already held).
    private static long lastPhone = Random.Shared.NextInt64(0, 100_000_000);

    private static readonly int Network = Random.Shared.Next(1, 255);
    private static readonly int FirstBlock = Random.Shared.Next(1, 200);

    /// <summary>A loopback address new to this run: the gateway counts codes per client address and hour.</summary>
    public static IPAddress FreshLoopback(int index) =>
        IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.{Network}.{FirstBlock + (index / 240)}.{10 + (index % 240)}"));

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
