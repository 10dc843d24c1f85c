namespace QueueSystem.Identity.Patients;

/// <summary>A patient, known by a verified phone number.</summary>
public sealed record PatientAccount(Guid Id, string Phone, string Name, DateTimeOffset RegisteredAt);

/// <summary>
/// The one-time code a phone holds now (document id: the phone). Only a keyed hash of the code is
/// kept. A new code replaces the old one; the send times bound how often a phone receives codes.
/// </summary>
public sealed record OtpChallenge(
    string Id,
    byte[] Salt,
    byte[] CodeHash,
    DateTimeOffset ExpiresAt,
    int FailedAttempts,
    string? PendingName,
    IReadOnlyList<DateTimeOffset> RecentSends)
{
    public DateTimeOffset LastSentAt => RecentSends.Count == 0 ? DateTimeOffset.MinValue : RecentSends.Max();
}

/// <summary>Codes requested from one client address (document id: the address) in the last hour.</summary>
public sealed record AddressSendLog(string Id, IReadOnlyList<DateTimeOffset> RecentSends);
