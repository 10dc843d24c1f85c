using Marten;

namespace QueueSystem.Notification.Sending;

/// <summary>A message kept by the development outbox, as <c>GET /dev/sms</c> shows it.</summary>
public sealed record OutboxMessage(Guid Id, string To, string Body, string Kind, DateTimeOffset SentAt);

/// <summary>
/// The development SMS provider: keeps every message in PostgreSQL, readable at <c>GET /dev/sms</c>.
/// Storing by message id makes a repeated message overwrite itself instead of arriving twice.
/// </summary>
public sealed class DevelopmentOutbox(IDocumentStore store, TimeProvider clock, ILogger<DevelopmentOutbox> logger) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Store(new OutboxMessage(message.Id, message.To, message.Body, message.Kind, clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("SMS {Kind} to {Phone} kept in the development outbox", message.Kind, PhoneMask.Mask(message.To));
    }

    /// <summary>A batch in one write: the outbox stands in for a gateway, and should cost no more than one.</summary>
    public async Task<IReadOnlyDictionary<Guid, Exception>> SendAllAsync(IReadOnlyList<SmsMessage> messages, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        session.Store([.. messages.Select(message => new OutboxMessage(message.Id, message.To, message.Body, message.Kind, now))]);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return messages.ToDictionary(message => message.Id, _ => exception);
        }

        logger.LogInformation("{Count} SMS kept in the development outbox", messages.Count);
        return new Dictionary<Guid, Exception>();
    }

    public async Task<IReadOnlyList<OutboxMessage>> ForPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<OutboxMessage>()
            .Where(m => m.To == phone)
            .OrderByDescending(m => m.SentAt)
            .Take(100)
            .ToListAsync(cancellationToken);
    }
}
