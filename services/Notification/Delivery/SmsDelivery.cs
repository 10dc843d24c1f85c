namespace QueueSystem.Notification.Delivery;

public enum SmsDeliveryStatus
{
    /// <summary>Claimed by a consumer that is sending it now.</summary>
    Sending,

    /// <summary>The last attempt failed for now; a redelivery will try again.</summary>
    Retrying,

    /// <summary>The provider took it. Every later copy of the message is a duplicate.</summary>
    Sent,

    /// <summary>Refused for good or out of attempts; the message is in the error queue. A deliberate replay may try again.</summary>
    Failed,

    /// <summary>Too late to be of use (an expired code, a call long past); not sent, and never will be.</summary>
    Expired,
}

/// <summary>
/// The durable record of one text message, keyed by the id of what it answers: RabbitMQ delivers at
/// least once, this record makes the patient receive it once. It holds no message text (a code
/// must not rest here) and only a masked phone.
/// </summary>
public sealed record SmsDelivery(
    Guid Id,
    string Kind,
    string MaskedPhone,
    SmsDeliveryStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SentAt);
