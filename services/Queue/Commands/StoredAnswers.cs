using System.Text.Json;
using Marten;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Commands;

/// <summary>A command's key (<c>Id</c>: caller and key) and what it asked (<c>Fingerprint</c>).</summary>
public sealed record IdempotentCommand(string Id, string Fingerprint);

/// <summary>The first answer to a keyed command, stored in the transaction that appends its events.</summary>
public sealed class StoredAnswer
{
    public string Id { get; set; } = "";

    public string Fingerprint { get; set; } = "";

    /// <summary>The reply (JSON), when the command was done.</summary>
    public string? Reply { get; set; }

    public Rejection? Rejection { get; set; }

    public DateTimeOffset AnsweredAt { get; set; }

    /// <summary>Written by versions before answers were outcomes (read for the day such answers live): an HTTP status and body.</summary>
    public int Status { get; set; }

    public string? Body { get; set; }
}

/// <summary>A command's answer as its caller gets it; <c>KeyReused</c>: the key was first used for another request.</summary>
internal sealed record Answer(object? Reply, Rejection? Rejection, bool Replayed = false, bool KeyReused = false);

/// <summary>Turns answers into stored ones and back.</summary>
public static class StoredAnswers
{
    /// <summary>How long a key is remembered: far beyond any client's retries.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    internal static StoredAnswer Store(IdempotentCommand command, Answer answer, DateTimeOffset now) => new()
    {
        Id = command.Id,
        Fingerprint = command.Fingerprint,
        Reply = answer.Reply is { } reply ? JsonSerializer.Serialize(reply, reply.GetType(), Json) : null,
        Rejection = answer.Rejection,
        AnsweredAt = now,
    };

    /// <summary>The stored answer again, or a reused key when it was first used for another request.</summary>
    internal static Answer Replay(StoredAnswer stored, IdempotentCommand command, Type replyType)
    {
        if (stored.Fingerprint != command.Fingerprint)
        {
            return new Answer(null, null, KeyReused: true);
        }

        if (stored.Status >= 400)
        {
            return new Answer(null, new Rejection(KindOf(stored.Status), DetailOf(stored.Body)), Replayed: true);
        }

        var json = stored.Status > 0 ? stored.Body : stored.Reply;
        return stored.Rejection is { } rejection
            ? new Answer(null, rejection, Replayed: true)
            : new Answer(json is null ? null : JsonSerializer.Deserialize(json, replyType, Json), null, Replayed: true);
    }

    private static RejectionKind KindOf(int status) => status switch
    {
        StatusCodes.Status404NotFound => RejectionKind.NotFound,
        StatusCodes.Status422UnprocessableEntity => RejectionKind.Closed,
        _ => RejectionKind.Conflict,
    };

    private static string DetailOf(string? problem) =>
        problem is not null && JsonDocument.Parse(problem).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
}

/// <summary>Forgets answers older than their lifetime, once an hour.</summary>
public sealed class StoredAnswerCleanup(IDocumentStore store, TimeProvider clock, ILogger<StoredAnswerCleanup> logger)
    : ExpiredDocumentsCleanup(store, logger, "Old idempotent answers")
{
    protected override void Remove(IDocumentSession session)
    {
        var cutoff = clock.GetUtcNow() - StoredAnswers.Lifetime;
        session.DeleteWhere<StoredAnswer>(a => a.AnsweredAt < cutoff);
    }
}
