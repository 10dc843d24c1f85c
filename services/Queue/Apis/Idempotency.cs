using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using QueueSystem.Queue.Commands;

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

        var caller = context.User.Actor();
        var value = values.Count == 1 ? values[0] ?? "" : ""; // two keys on one request are no key at all
        return ValueTask.FromResult<IdempotencyKey?>(new IdempotencyKey(value, caller, $"{context.Request.Method} {context.Request.Path}"));
    }

    /// <summary>The key tied to what the request asks: the same key with another body is refused, not replayed.</summary>
    public IdempotentCommand For(object? body) => new(
        Hash($"{Caller}\n{Value}"),
        Hash($"{Request}\n{JsonSerializer.Serialize(body)}"));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
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
