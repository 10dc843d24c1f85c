using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// Stands where the services send their telemetry (OTLP over gRPC) and keeps every export as it arrived, so a
/// test can look for what must never leave a service: spans, logs and metrics are protobuf, whose text is UTF-8
/// as it is, uncompressed unless asked for.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> exports = new();
    private readonly WebApplication app;

    private OtlpCollector(WebApplication app) => this.app = app;

    public static async Task<OtlpCollector> StartAsync(Uri endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/{**service}", collector.ExportAsync);
        await app.StartAsync();
        return collector;
    }

    /// <summary>Everything exported so far, as text (non-text bytes come out as replacement characters).</summary>
    public string Text => string.Join("\n", exports.Select(Encoding.UTF8.GetString));

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private async Task ExportAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        exports.Enqueue(body.ToArray());
        // An empty export response: one uncompressed gRPC message of no bytes, then status OK.
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5]);
        context.Response.AppendTrailer("grpc-status", "0");
    }
}
