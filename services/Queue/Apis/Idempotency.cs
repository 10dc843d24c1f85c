using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Queue.Apis;

/// <summary>
/// The <c>Idempotency-Key</c> header of a command: a client that did not hear an answer sends the same
/// request with the same key again and gets the first answer back instead of a second ticket or call.
/// Keys belong to the signed-in caller, so one patient's key never replays another's answer.
/// </summary>
public sealed class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    private IdempotencyKey(string value, string caller, string request)
    {
        Value = value;
        Caller = caller;
        Request = request;
    }

    public string Value { get; }

    private string Caller { get; }

    private string Request { get; }

    /// <summary>1–255 visible ASCII characters (a UUID is the usual choice).</summary>
    public bool IsValid => Value.Length is > 0 and <= MaxLength && Value.All(c => c is > ' ' and < '\u007f');

    /// <summary>Null when the request carries no key.</summary>
    public static ValueTask<IdempotencyKey?> BindAsync(HttpContext context)
    {
        var values = context.Request.Headers[Header];
        if (values.Count == 0)
        {
            return ValueTask.FromResult<IdempotencyKey?>(null);
        }

        var user = context.User;
        var caller = user.PatientId() is { } patientId ? $"patient:{patientId}" : $"staff:{user.Username()}";
        var value = values.Count == 1 ? values[0] ?? "" : ""; // two keys on one request are no key at all
        return ValueTask.FromResult<IdempotencyKey?>(new IdempotencyKey(value, caller, $"{context.Request.Method} {context.Request.Path}"));
    }

    /// <summary>The key tied to what the request asks: the same key with another body is refused, not replayed.</summary>
    public IdempotentCommand For(object? body) => new(
        Hash($"{Caller}\n{Value}"),
        Hash($"{Request}\n{JsonSerializer.Serialize(body)}"));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>A command's key (<c>Id</c>: caller and key) and what it asked (<c>Fingerprint</c>).</summary>
public sealed record IdempotentCommand(string Id, string Fingerprint);

/// <summary>The first answer to a keyed command, stored in the transaction that appends its events.</summary>
public sealed class StoredAnswer
{
    public string Id { get; set; } = "";

    public string Fingerprint { get; set; } = "";

    public int Status { get; set; }

    public string? Body { get; set; }

    public string? Location { get; set; }

    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>Turns answers into stored ones and back.</summary>
public sealed class StoredAnswers(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock)
{
    /// <summary>How long a key is remembered: far beyond any client's retries.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public async Task<Dictionary<string, StoredAnswer>> FindAsync(IQuerySession session, IEnumerable<IdempotentCommand> commands)
    {
        var ids = commands.Select(c => c.Id).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new(StringComparer.Ordinal);
        }

        var found = await session.LoadManyAsync<StoredAnswer>(ids);
        return found.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    public StoredAnswer Store(IdempotentCommand command, IResult answer) => new()
    {
        Id = command.Id,
        Fingerprint = command.Fingerprint,
        Status = (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK,
        Body = (answer as IValueHttpResult)?.Value is { } value ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions) : null,
        Location = (answer as Created<Ticket>)?.Location,
        AnsweredAt = clock.GetUtcNow(),
    };

    /// <summary>The stored answer again, or 422 when the key was first used for another request.</summary>
    public static IResult Replay(StoredAnswer stored, IdempotentCommand command) => stored.Fingerprint == command.Fingerprint
        ? new ReplayedAnswer(stored)
        : ProblemResults.Of(
            StatusCodes.Status422UnprocessableEntity,
            "Idempotency key reused",
            $"This {IdempotencyKey.Header} was already used for a different request; use a new key for a new request.");

    private sealed class ReplayedAnswer(StoredAnswer stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = stored.Status;
            response.Headers["Idempotent-Replayed"] = "true";
            if (stored.Location is not null)
            {
                response.Headers.Location = stored.Location;
            }

            if (stored.Body is not null)
            {
                response.ContentType = stored.Status >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
                await response.WriteAsync(stored.Body, httpContext.RequestAborted);
            }
        }
    }
}

public static class IdempotencyEndpoints
{
    /// <summary>Refuses a malformed <c>Idempotency-Key</c> before the command runs, and names the header in the API reference.</summary>
    public static TBuilder AcceptIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AcceptsIdempotencyKey()).AddEndpointFilter(async (context, next) =>
            context.Arguments.OfType<IdempotencyKey>().FirstOrDefault() is { IsValid: false }
                ? ProblemResults.Of(
                    StatusCodes.Status400BadRequest,
                    "Invalid idempotency key",
                    $"{IdempotencyKey.Header} is one value of 1 to {IdempotencyKey.MaxLength} visible ASCII characters, such as a UUID.")
                : await next(context));

    /// <summary>Lists the header among the parameters of every endpoint that accepts it.</summary>
    public static OpenApiOptions DescribeIdempotencyKey(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AcceptsIdempotencyKey>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKey.Header,
                In = ParameterLocation.Header,
                Description = "Send the command again with the same key when its answer was lost: the first answer comes back "
                    + "(Idempotent-Replayed: true) and nothing is done twice. Kept 24 hours; the same key for another request is 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength },
            });
        }

        return Task.CompletedTask;
    });

    private sealed class AcceptsIdempotencyKey;
}

/// <summary>Forgets answers older than their lifetime, once an hour.</summary>
public sealed class StoredAnswerCleanup(IDocumentStore store, TimeProvider clock, ILogger<StoredAnswerCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var session = store.LightweightSession();
                var cutoff = clock.GetUtcNow() - StoredAnswers.Lifetime;
                session.DeleteWhere<StoredAnswer>(a => a.AnsweredAt < cutoff);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Old idempotent answers could not be removed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
