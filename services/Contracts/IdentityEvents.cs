namespace QueueSystem.Contracts;

/// <summary>
/// Identity asks Notification to deliver a one-time code. It is the only message that carries a code in
/// clear: consumers must never log it.
/// </summary>
public sealed record OtpRequested(
    Guid MessageId,
    string Phone,
    string Code,
    DateTimeOffset ExpiresAt,
    DateTimeOffset RequestedAt);
