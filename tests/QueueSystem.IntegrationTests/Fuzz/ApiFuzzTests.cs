using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace QueueSystem.IntegrationTests.Fuzz;

/// <summary>
/// Drives the public API at the gateway with generated and mutated requests. Whatever arrives, the
/// answer is never a 5xx, every refusal is a problem document, and a refusal changes nothing: the
/// counters, lines, catalog, staff and patients' tickets read the same before and after it.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ApiFuzzTests(SystemFixture system, ITestOutputHelper output)
{
    /// <summary>Mutations of each request: 30 in the suite, more with QMS_FUZZ_MUTATIONS for a longer hunt.</summary>
    private static readonly int MutationsPerRequest =
        int.TryParse(Environment.GetEnvironmentVariable("QMS_FUZZ_MUTATIONS"), CultureInfo.InvariantCulture, out var count) ? count : 30;

    private static readonly string[] Monday = ["Mon"];
    private static readonly string[] EveryDay = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    [Fact]
    public async Task Mutated_requests_never_get_a_server_error_and_no_refusal_changes_anything()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("QMS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        output.WriteLine($"Fuzz seed {seed} (set QMS_FUZZ_SEED to repeat this run)");
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Fuzz Desk");
        var operatorName = await http.CreateStaffAsync(admin, "operator", counterId);
        var operatorToken = await http.LoginAsync(operatorName, StaffHelpers.Password);
        var patient = system.Patient("Fuzz Patient");
        var other = system.Patient("Other Fuzz Patient");
        var ticket = await http.JoinAsync(code, other);
        var phone = Gateway.NewPhone();
        var tokens = new[] { admin, operatorToken, patient.AccessToken, other.AccessToken, Expired(), admin[..^2] + (admin[^2] == 'A' ? "BA" : "AA") };

        // Each API request in a valid form; the fuzzer breaks it in every way it knows.
        FuzzRequest Valid(HttpMethod method, string path, string? token, object? body = null) =>
            new(method, path, body is null ? null : JsonSerializer.Serialize(body), "application/json", token, "valid");
        var requests = new[]
        {
            Valid(HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode = code }),
            Valid(HttpMethod.Post, $"/api/tickets/{ticket.TicketId}/cancel", patient.AccessToken),
            Valid(HttpMethod.Get, "/patient_dashboard/", patient.AccessToken),
            Valid(HttpMethod.Post, "/staff/serve_next/", operatorToken, new { counterId }),
            Valid(HttpMethod.Post, "/staff/skip_patient/", operatorToken, new { counterId }),
            Valid(HttpMethod.Post, "/staff/update_status/", operatorToken, new { counterId, status = "available" }),
            Valid(HttpMethod.Post, $"/api/staff/tickets/{ticket.TicketId}/recall", operatorToken),
            Valid(HttpMethod.Get, $"/api/staff/tickets/{ticket.TicketId}/history", operatorToken),
            Valid(HttpMethod.Get, $"/api/staff/counters/{counterId}/queue", operatorToken),
            Valid(HttpMethod.Post, "/api/admin/services", admin, new { code = "FZ" + seed % 1000, name = "Fuzzed", description = "", weekDays = Monday, isActive = true }),
            Valid(HttpMethod.Put, $"/api/admin/services/{code}", admin, new { code, name = "Display Test", description = "", weekDays = EveryDay, isActive = true }),
            Valid(HttpMethod.Post, "/api/admin/counters", admin, new { name = "Fuzzed Counter", serviceCode = code, startTime = "00:00", endTime = "24:00" }),
            Valid(HttpMethod.Put, $"/api/admin/counters/{counterId}", admin, new { name = "Fuzz Desk", serviceCode = code, startTime = "00:00", endTime = "24:00" }),
            Valid(HttpMethod.Post, "/api/admin/staff", admin, new { username = $"fuzz{seed % 1000}", password = "Fuzz-Otter-Quilt-93", role = "operator", counterId, isActive = true }),
            Valid(HttpMethod.Put, $"/api/admin/staff/{operatorName}", admin, new { password = StaffHelpers.Password, role = "operator", counterId, isActive = true }),
            Valid(HttpMethod.Get, $"/api/reports/daily?service={code}&date={DateTime.UtcNow:yyyy-MM-dd}&format=json", admin),
            Valid(HttpMethod.Get, $"/dev/sms?phone={Uri.EscapeDataString(phone)}", null),
            Valid(HttpMethod.Get, $"/ws/queue/updates/?service={code}", null),
            Valid(HttpMethod.Get, $"/check_patient/?phone={Uri.EscapeDataString(phone)}", null),
            Valid(HttpMethod.Post, "/send_otp/", null, new { phone, name = "Fuzz Sender" }),
            Valid(HttpMethod.Post, "/verify_otp/", null, new { phone, code = "123456" }),
            Valid(HttpMethod.Post, "/staff/login/", null, new { username = "nobody-fuzz", password = "wrong-password" }),
            Valid(HttpMethod.Get, $"/posters/{code}/qr.svg", null),
            Valid(HttpMethod.Get, "/internal/staff/admin/access", admin),
        };

        var mutator = new RequestMutator(seed);
        var before = await SnapshotAsync(http, admin, patient, other);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var valid in requests)
        {
            for (var i = 0; i < MutationsPerRequest; i++)
            {
                var request = mutator.Mutate(valid, tokens);
                var (status, contentType, body) = await SendAsync(http, request);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var described = $"{request.Method} {Shorten(request.Path)} [{request.Mutation}] {Shorten(request.Body)} → {status} {Shorten(body)}";
                if (status >= 500)
                {
                    failures.Add("server error: " + described);
                }
                else if (status >= 400)
                {
                    // Kestrel refuses a path that decodes to a NUL character before any application code runs: 400, no body.
                    var refusedByHttpServer = status == 400 && request.Path.Contains("%00", StringComparison.Ordinal) && body.Length == 0;
                    if (contentType != "application/problem+json" && !refusedByHttpServer)
                    {
                        failures.Add($"not a problem ({contentType}): " + described);
                    }

                    // A wrong code or password counts against the caller by design (lockout); nothing else may change.
                    if (!IsCountedAttempt(request) && await SnapshotAsync(http, admin, patient, other) is var after && after != before)
                    {
                        failures.Add("state changed: " + described);
                        before = after;
                    }
                }
                else
                {
                    before = await SnapshotAsync(http, admin, patient, other);
                }
            }
        }

        output.WriteLine("Answers: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.Count == 0, $"Seed {seed}:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 5, "The fuzzer met too few kinds of refusal to have tested anything.");
    }

    private static bool IsCountedAttempt(FuzzRequest request) =>
        request.Path.StartsWith("/verify_otp", StringComparison.Ordinal) || request.Path.StartsWith("/staff/login", StringComparison.Ordinal);

    private static async Task<(int Status, string? ContentType, string Body)> SendAsync(HttpClient http, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.Token is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + request.Token);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        using var response = await http.SendAsync(message);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Everything a refused request could have changed, as the system reports it.</summary>
    private static async Task<string> SnapshotAsync(HttpClient http, string admin, params PatientSession[] patients)
    {
        var reads = new List<(string Path, string Token)>
        {
            ("/api/staff/counters", admin), ("/api/admin/services", admin), ("/api/admin/counters", admin), ("/api/admin/staff", admin),
        };
        reads.AddRange(patients.Select(p => ("/patient_dashboard/", p.AccessToken)));
        var parts = new List<string>();
        foreach (var (path, token) in reads)
        {
            using var response = await http.SendAsync(HttpMethod.Get, path, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            parts.Add(Stable(JsonNode.Parse(await response.Content.ReadAsStringAsync())));
        }

        return string.Join('\n', parts);
    }

    /// <summary>The JSON without the estimates, which follow the clock rather than any request.</summary>
    private static string Stable(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                json.Remove("estimatedWaitMinutes");
                foreach (var child in json.Select(p => p.Value).ToList())
                {
                    Stable(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Stable(item);
                }

                break;
        }

        return node?.ToJsonString() ?? "null";
    }

    private string Expired() => TestTokens.Sign(
        new Dictionary<string, object> { ["sub"] = "admin", ["kind"] = "staff", ["role"] = "admin", ["username"] = "admin" },
        system.SigningKey,
        DateTime.UtcNow.AddHours(-3),
        DateTime.UtcNow.AddHours(-2));

    private static string Shorten(string? text) => text is null ? "" : text.Length > 120 ? text[..120] + "…" : text;
}
