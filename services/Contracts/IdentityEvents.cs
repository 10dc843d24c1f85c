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

/// <summary>
/// A patient proved they hold <paramref name="Phone"/> (E.164). Notification keeps it to text them about
/// their tickets; the phone travels nowhere else.
/// </summary>
public sealed record PatientVerified(Guid MessageId, Guid PatientId, string Phone, DateTimeOffset At);
