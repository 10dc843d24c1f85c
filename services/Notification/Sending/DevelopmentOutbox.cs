using Marten;

namespace QueueSystem.Notification.Sending;

/// <summary>
/// The development SMS provider: keeps every message in PostgreSQL, readable at <c>GET /dev/sms</c>.
/// Storing by message id makes a redelivered message overwrite itself instead of arriving twice.
/// </summary>
public sealed class DevelopmentOutbox(IDocumentStore store, ILogger<DevelopmentOutbox> logger) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Store(message);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("SMS {Kind} to {Phone} kept in the development outbox", message.Kind, PhoneMask.Mask(message.To));
    }

    public async Task<IReadOnlyList<SmsMessage>> ForPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<SmsMessage>()
            .Where(m => m.To == phone)
            .OrderByDescending(m => m.SentAt)
            .Take(100)
            .ToListAsync(cancellationToken);
    }
}
