using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// A real HTTP SMS gateway in the test process (Kestrel on a free port), taking the JSON body the
/// Notification service's default template writes. Each phone can be given a script of answers;
/// once it runs out (or for other phones) the gateway answers <see cref="Default"/>.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Request> requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> scripts = new();

    /// <summary>One request as the gateway saw it, with the status it answered (0: it hung until the caller gave up).</summary>
    public sealed record Request(string To, string Message, Guid Reference, int Status, string? IdempotencyKey = null);

    /// <summary>An HTTP status, or a hang for <paramref name="Hang"/> before answering 200.</summary>
    public sealed record Answer(int Status, TimeSpan Hang = default)
    {
        public static readonly Answer Ok = new(200);

        public static Answer Hanging(TimeSpan time) => new(200, time);
    }

    public Answer Default { get; set; } = Answer.Ok;

    public Uri Url { get; private set; } = null!;

    private FakeSmsGateway(WebApplication app) => this.app = app;

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var gateway = new FakeSmsGateway(builder.Build());
        gateway.app.MapPost("/sms", (Delegate)gateway.ReceiveAsync);
        await gateway.app.StartAsync();
        gateway.Url = new Uri(gateway.app.Urls.First() + "/sms");
        return gateway;
    }

    public void Script(string phone, params Answer[] answers) => scripts[phone] = new ConcurrentQueue<Answer>(answers);

    public IReadOnlyList<Request> To(string phone) => [.. requests.Where(r => r.To == phone)];

    /// <summary>Messages the gateway took (answered 2xx) for a phone.</summary>
    public IReadOnlyList<Request> DeliveredTo(string phone) => [.. To(phone).Where(r => r.Status is >= 200 and < 300)];

    public int Count => requests.Count;

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var to = body.GetProperty("to").GetString()!;
        var answer = scripts.TryGetValue(to, out var script) && script.TryDequeue(out var next) ? next : Default;
        if (answer.Hang > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Hang, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                requests.Enqueue(new Request(to, body.GetProperty("message").GetString()!, body.GetProperty("reference").GetGuid(), 0, context.Request.Headers["Idempotency-Key"]));
                return Results.Empty;
            }
        }

        requests.Enqueue(new Request(to, body.GetProperty("message").GetString()!, body.GetProperty("reference").GetGuid(), answer.Status, context.Request.Headers["Idempotency-Key"]));
        return Results.StatusCode(answer.Status);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
