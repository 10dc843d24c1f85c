using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace QueueSystem.IntegrationTests;

public sealed record TicketResponse(
    Guid TicketId, string QueueId, string ServiceCode, int? CounterId, string Status, int? Position, string PatientName, string? Category = null, string? TrackingUrl = null);

public sealed record PatientSession(string AccessToken, Guid PatientId, string Phone, string Name);

public static class Gateway
{
    private static int nextPhone = Random.Shared.Next(0, 9_000_000);

    /// <summary>A valid Indian mobile number no other test uses.</summary>
    public static string NewPhone() => FormattableString.Invariant($"+9198{Interlocked.Increment(ref nextPhone) % 100_000_000:D8}");

    /// <summary>The newest one-time code the development outbox holds for a phone.</summary>
    public static async Task<string> LatestCodeAsync(this HttpClient client, string phone, int sentBefore = 0, TimeSpan? timeout = null) =>
        await Eventually.Get(async () =>
        {
            var messages = await client.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(phone)}");
            var codes = messages!.Where(m => m.GetProperty("kind").GetString() == "otp").ToArray();
            return codes.Length > sentBefore
                ? System.Text.RegularExpressions.Regex.Match(codes[0].GetProperty("body").GetString()!, @"\b\d{6}\b").Value
                : null;
        }, timeout);

    /// <summary>Signs a new patient in through the real OTP path: send, read the SMS, verify.</summary>
    public static async Task<PatientSession> SignInPatientAsync(this HttpClient client, string name = "Asha Rao", string? phone = null)
    {
        phone ??= NewPhone();
        using (var sent = await client.PostAsJsonAsync("/send_otp/", new { phone, name }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, sent.StatusCode);
        }

        var code = await client.LatestCodeAsync(phone);
        using var verified = await client.PostAsJsonAsync("/verify_otp/", new { phone, code });
        Assert.Equal(System.Net.HttpStatusCode.OK, verified.StatusCode);
        var body = await verified.Content.ReadFromJsonAsync<JsonElement>();
        var patient = body.GetProperty("patient");
        return new PatientSession(body.GetProperty("accessToken").GetString()!, patient.GetProperty("id").GetGuid(), phone, patient.GetProperty("name").GetString()!);
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Posts a body exactly as given (malformed JSON included).</summary>
    public static async Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A response reduced to what a caller can compare: status and body without its trace id.</summary>
    public static async Task<string> ComparableAnswerAsync(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>();
        json!.Remove("traceId");
        return $"{(int)response.StatusCode} {JsonSerializer.Serialize(json)}";
    }

    /// <param name="category">A category the patient declares; null: regular.</param>
    public static async Task<TicketResponse> JoinAsync(this HttpClient client, string serviceCode, PatientSession patient, string? category = null)
    {
        using var response = await client.SendAsync(HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode, category });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TicketResponse>())!;
    }

    /// <summary>Today's tickets of a patient, from their dashboard.</summary>
    public static async Task<JsonElement[]> TicketsOfAsync(this HttpClient client, PatientSession patient)
    {
        using var dashboard = await client.SendAsync(HttpMethod.Get, "/patient_dashboard/", patient.AccessToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, dashboard.StatusCode);
        return [.. (await dashboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tickets").EnumerateArray()];
    }

    /// <summary>Signs a new patient in and takes a ticket for them.</summary>
    public static async Task<TicketResponse> JoinAsync(this HttpClient client, string serviceCode, string patientName) =>
        await client.JoinAsync(serviceCode, await client.SignInPatientAsync(patientName));

    public static Uri WebSocketUri(this Uri gateway, string pathAndQuery) =>
        new(new Uri(gateway.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), pathAndQuery);
}

/// <summary>Retries an assertion until it holds or time runs out, for effects that arrive asynchronously.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The expected effect did not appear in time.");
            }

            await Task.Delay(100);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan? timeout = null) =>
        Get(() => Task.FromResult(condition() ? "" : null), timeout);

    public static Task Until(Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        Get(async () => await condition() ? "" : null, timeout);
}

/// <summary>A plain WebSocket client of <c>/ws/queue/updates/</c> that collects every JSON frame.</summary>
public sealed class DisplaySocket : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly Channel<JsonElement> frames = Channel.CreateUnbounded<JsonElement>();
    private readonly CancellationTokenSource stop = new();
    private Task? receiving;

    public static async Task<DisplaySocket> ConnectAsync(Uri uri)
    {
        var client = new DisplaySocket();
        await client.socket.ConnectAsync(uri, CancellationToken.None);
        client.receiving = client.ReceiveAsync();
        return client;
    }

    /// <summary>The next frame of <paramref name="type"/> that matches, skipping others.</summary>
    public async Task<JsonElement> NextAsync(string type, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var frame = await frames.Reader.ReadAsync(cancel.Token);
            if (frame.GetProperty("type").GetString() == type && (match is null || match(frame)))
            {
                return frame;
            }
        }
    }

    /// <summary>Completes when the server has closed the socket.</summary>
    public Task ClosedAsync(TimeSpan timeout) => receiving!.WaitAsync(timeout);

    /// <summary>Frames received so far that are not yet read.</summary>
    public List<JsonElement> Pending()
    {
        var pending = new List<JsonElement>();
        while (frames.Reader.TryRead(out var frame))
        {
            pending.Add(frame);
        }

        return pending;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, stop.Token);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray()));
                await frames.Writer.WriteAsync(document.RootElement.Clone());
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            frames.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (receiving is not null)
        {
            await receiving;
        }

        socket.Dispose();
        stop.Dispose();
    }
}
