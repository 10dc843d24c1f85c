using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.LoadTool.Scenarios;

/// <summary>
/// What a scenario works on, made through the public API like any hospital would: services open all day
/// with their counters, created by the admin (password from QMS_ADMIN_PASSWORD), and signed-in patients.
/// The admin's token also serves as the staff at every counter (admins act on any counter).
/// </summary>
public sealed record Clinic(IReadOnlyList<string> ServiceCodes, IReadOnlyList<string> PatientTokens, IReadOnlyList<(string Service, int Counter)> Counters, string AdminToken)
{
    public static async Task<Clinic> OpenAsync(Uri gateway, int services, int countersPerService, int patients)
    {
        using var http = OtpLatency.ClientFrom(gateway, OtpLatency.FreshLoopback(240));
        var admin = await AdminAsync(http);
        var run = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var codes = new List<string>();
        var counters = new List<(string, int)>();
        for (var s = 0; s < services; s++)
        {
            var code = string.Create(CultureInfo.InvariantCulture, $"L{run}{s:D4}");
            await PostAsync(http, "/api/admin/services", admin, new { code, name = $"Load {code}" });
            for (var c = 0; c < countersPerService; c++)
            {
                var counter = await PostAsync(http, "/api/admin/counters", admin, new { name = $"{code} room {c + 1}", serviceCode = code, startTime = "00:00", endTime = "24:00" });
                counters.Add((code, counter.GetProperty("id").GetInt32()));
            }

            codes.Add(code);
        }

        Console.WriteLine($"  {services} services with {countersPerService} counters each, {patients} patients");
        return new Clinic(codes, await PatientsAsync(gateway, patients), counters, admin);
    }

    // Patients signed in once and taken again by every later scenario of the run: each scenario opens services of its own,
    // where they hold no ticket yet. Signing in thousands by SMS code took most of a report's time.
    private static readonly List<string> SignedIn = [];

    private static async Task<IReadOnlyList<string>> PatientsAsync(Uri gateway, int count)
    {
        if (SignedIn.Count < count)
        {
            Console.WriteLine($"  signing in {count - SignedIn.Count} more patients by SMS code…");
            SignedIn.AddRange(await OtpLatency.SignInManyAsync(gateway, count - SignedIn.Count));
        }

        return SignedIn[..count];
    }

    /// <summary>
    /// The client a scenario loads the gateway with: a 30 s limit per request, and more connections than the
    /// gateway lets through at once and lets wait (as thousands of phones would have), so that under overload
    /// the gateway's shedding decides, not a queue inside this client.
    /// </summary>
    public static HttpClient LoadClient(Uri gateway) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>The admin, at a counter, calling its next patient.</summary>
    public HttpRequestMessage ServeNext(int counterId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/staff/serve_next/") { Content = JsonContent.Create(new { counterId }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return request;
    }

    /// <summary>Every patient takes a ticket at every service (setup, not measured; 16 at a time).</summary>
    public async Task JoinEveryoneAsync(HttpClient http)
    {
        using var turns = new SemaphoreSlim(16);
        await Task.WhenAll(ServiceCodes.SelectMany(service => PatientTokens.Select(async token =>
        {
            await turns.WaitAsync();
            try
            {
                await PostAsync(http, "/join_queue/", token, new { serviceCode = service });
            }
            finally
            {
                turns.Release();
            }
        })));
    }

    public static async Task<string> AdminAsync(HttpClient http)
    {
        var password = Environment.GetEnvironmentVariable("QMS_ADMIN_PASSWORD")
            ?? throw new InvalidOperationException("Set QMS_ADMIN_PASSWORD to the admin password of the running system.");
        return await LoginAsync(http, "admin", password);
    }

    public static async Task<string> LoginAsync(HttpClient http, string username, string password) =>
        (await PostAsync(http, "/staff/login/", null, new { username, password })).GetProperty("accessToken").GetString()!;

    public static async Task<JsonElement> PostAsync(HttpClient http, string path, string? token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
