using JasperFx;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using QueueSystem.Notification.Sending;
using ConcurrencyException = JasperFx.ConcurrencyException;

namespace QueueSystem.Notification.Delivery;

public enum DispatchOutcome
{
    Sent,
    Duplicate,
    Expired,
}

/// <summary>Another consumer is sending this very message now; a later redelivery will find it sent.</summary>
public sealed class SmsInFlightException() : Exception("This message is being sent by another consumer.");

/// <summary>
/// Sends a message at most once in effect: claims its durable record first (so a repeat is
/// recognised), skips it when it is too late to help, and records the outcome. A failure is thrown
/// back to MassTransit, which redelivers it later; the last failure, or a refusal for good, marks
/// the record failed and sends the message to the error queue.
/// </summary>
public sealed class SmsDispatcher(
    IDocumentStore store, ISmsSender sender, SmsMetrics metrics, IOptions<SmsOptions> options, TimeProvider clock, ILogger<SmsDispatcher> logger)
{
    /// <summary>
    /// Longer than one attempt can take (the gateway pipeline gives up by then), so that a claim left by a crash lapses soon:
    /// a patient called while Notification restarted is texted at a redelivery a few seconds later, not minutes later.
    /// </summary>
    private readonly TimeSpan claimLease = options.Value.Gateway.LongestAttempt + TimeSpan.FromSeconds(10);

    public async Task<DispatchOutcome> DispatchAsync(SmsMessage message, ConsumeContext context)
    {
        var cancellationToken = context.CancellationToken;
        var phone = PhoneMask.Mask(message.To);
        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        var existing = await session.LoadAsync<SmsDelivery>(message.Id, cancellationToken);
        if (existing is { Status: SmsDeliveryStatus.Sent or SmsDeliveryStatus.Expired })
        {
            metrics.Duplicate(message.Kind);
            logger.LogInformation("SMS {Kind} {MessageId} to {Phone} was already {Status}: repeat skipped", message.Kind, message.Id, phone, existing.Status);
            return DispatchOutcome.Duplicate;
        }

        if (existing is { Status: SmsDeliveryStatus.Sending } && now - existing.UpdatedAt < claimLease)
        {
            throw new SmsInFlightException();
        }

        if (now >= message.StaleAt)
        {
            await RecordAsync(session, Claim(existing, message, phone, now) with { Status = SmsDeliveryStatus.Expired, Attempts = existing?.Attempts ?? 0 }, existing is null);
            metrics.Expired(message.Kind);
            logger.LogWarning("SMS {Kind} {MessageId} to {Phone} not sent: too late to be of use", message.Kind, message.Id, phone);
            return DispatchOutcome.Expired;
        }

        var claim = Claim(existing, message, phone, now);
        try
        {
            await RecordAsync(session, claim, existing is null, cancellationToken);
        }
        catch (Exception exception) when (exception is DocumentAlreadyExistsException or ConcurrencyException)
        {
            throw new SmsInFlightException();
        }

        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception exception)
        {
            var final = exception is SmsRejectedException || context.GetRetryAttempt() >= options.Value.RedeliveryDelays.Length;
            var error = ErrorOf(exception);
            await RecordQuietlyAsync(session, claim with { Status = final ? SmsDeliveryStatus.Failed : SmsDeliveryStatus.Retrying, LastError = error, UpdatedAt = clock.GetUtcNow() });
            if (final)
            {
                metrics.Failed(message.Kind);
                logger.LogError("SMS {Kind} {MessageId} to {Phone} failed after {Attempts} attempts: {Error}", message.Kind, message.Id, phone, claim.Attempts, error);
            }
            else
            {
                metrics.Retried(message.Kind);
                logger.LogWarning("SMS {Kind} {MessageId} to {Phone} not sent yet (attempt {Attempts}): {Error}", message.Kind, message.Id, phone, claim.Attempts, error);
            }

            throw;
        }

        var sentAt = clock.GetUtcNow();
        metrics.Sent(message.Kind, sentAt - message.CreatedAt);
        // The message is out: failing to note it must not make a redelivery send it again now.
        await RecordQuietlyAsync(session, claim with { Status = SmsDeliveryStatus.Sent, LastError = null, UpdatedAt = sentAt, SentAt = sentAt });
        return DispatchOutcome.Sent;
    }

    /// <summary>
    /// The first attempt at several new messages, together: their records read at once, claimed in one write, the messages
    /// sent side by side and the outcomes written at once. A message that already has a record (a repeat), or whose send
    /// failed, is left to <see cref="DispatchAsync"/> one at a time, which knows its history and retries it.
    /// </summary>
    /// <returns>The ids of the messages to hand over to the one-at-a-time path.</returns>
    public async Task<IReadOnlySet<Guid>> DispatchTogetherAsync(IReadOnlyList<SmsMessage> messages, CancellationToken cancellationToken)
    {
        var handOver = new HashSet<Guid>();
        if (messages.Count == 0)
        {
            return handOver;
        }

        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        var recorded = (await session.LoadManyAsync<SmsDelivery>(cancellationToken, messages.Select(m => m.Id))).ToDictionary(d => d.Id);
        var claims = new List<(SmsMessage Message, SmsDelivery Claim)>();
        foreach (var message in messages.DistinctBy(m => m.Id))
        {
            if (recorded.GetValueOrDefault(message.Id) is { } existing)
            {
                if (existing.Status is SmsDeliveryStatus.Sent or SmsDeliveryStatus.Expired)
                {
                    metrics.Duplicate(message.Kind);
                }
                else
                {
                    handOver.Add(message.Id);
                }
            }
            else if (now >= message.StaleAt)
            {
                handOver.Add(message.Id); // recorded as expired, and counted, on its own path
            }
            else
            {
                var claim = Claim(null, message, PhoneMask.Mask(message.To), now);
                session.Insert(claim);
                claims.Add((message, claim));
            }
        }

        if (claims.Count == 0)
        {
            return handOver;
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DocumentAlreadyExistsException or ConcurrencyException)
        {
            // Another consumer claimed one of them meanwhile: each goes its own way, where the claim is recognised.
            return messages.Select(m => m.Id).ToHashSet();
        }

        var failures = await sender.SendAllAsync([.. claims.Select(c => c.Message)], cancellationToken);
        var sentAt = clock.GetUtcNow();
        foreach (var (message, claim) in claims)
        {
            if (failures.GetValueOrDefault(message.Id) is { } failure)
            {
                var error = ErrorOf(failure);
                session.Store(claim with { Status = SmsDeliveryStatus.Retrying, LastError = error, UpdatedAt = sentAt });
                metrics.Retried(message.Kind);
                logger.LogWarning("SMS {Kind} {MessageId} to {Phone} not sent yet (attempt 1): {Error}", message.Kind, message.Id, claim.MaskedPhone, error);
                handOver.Add(message.Id);
            }
            else
            {
                session.Store(claim with { Status = SmsDeliveryStatus.Sent, UpdatedAt = sentAt, SentAt = sentAt });
                metrics.Sent(message.Kind, sentAt - message.CreatedAt);
            }
        }

        // The messages are out: failing to note it must not make a redelivery send them again now.
        try
        {
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The outcome of {Count} SMS could not be recorded", claims.Count);
        }

        return handOver;
    }

    /// <summary>
    /// Records a message that cannot be sent at all (nobody to send it to) as failed, and sends it to the
    /// error queue without retries. A message already sent stays sent.
    /// </summary>
    public async Task<string> RefuseAsync(Guid id, string kind, string reason, ConsumeContext context)
    {
        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        var existing = await session.LoadAsync<SmsDelivery>(id, context.CancellationToken);
        if (existing is not { Status: SmsDeliveryStatus.Sent or SmsDeliveryStatus.Expired })
        {
            var failed = existing is null
                ? new SmsDelivery(id, kind, "", SmsDeliveryStatus.Failed, 0, reason, now, now, null)
                : existing with { Status = SmsDeliveryStatus.Failed, LastError = reason, UpdatedAt = now };
            await RecordQuietlyAsync(session, failed, existing is null);
            metrics.Failed(kind);
            logger.LogWarning("SMS {Kind} {MessageId} cannot be sent: {Reason}", kind, id, reason);
        }

        throw new SmsRejectedException(reason);
    }

    /// <summary>A failure as its record keeps it: the first 500 characters of its message.</summary>
    private static string ErrorOf(Exception exception) => exception.Message.Length > 500 ? exception.Message[..500] : exception.Message;

    private static SmsDelivery Claim(SmsDelivery? existing, SmsMessage message, string phone, DateTimeOffset now) =>
        existing is null
            ? new SmsDelivery(message.Id, message.Kind, phone, SmsDeliveryStatus.Sending, 1, null, now, now, null)
            : existing with { Status = SmsDeliveryStatus.Sending, Attempts = existing.Attempts + 1, UpdatedAt = now };

    private static async Task RecordAsync(IDocumentSession session, SmsDelivery delivery, bool isNew, CancellationToken cancellationToken = default)
    {
        if (isNew)
        {
            session.Insert(delivery);
        }
        else
        {
            session.Store(delivery);
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    private async Task RecordQuietlyAsync(IDocumentSession session, SmsDelivery delivery, bool isNew = false)
    {
        try
        {
            await RecordAsync(session, delivery, isNew);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The outcome of SMS {MessageId} ({Status}) could not be recorded", delivery.Id, delivery.Status);
        }
    }
}
