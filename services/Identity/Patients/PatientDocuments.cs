namespace QueueSystem.Identity.Patients;

/// <summary>
/// A patient, known by a phone number: verified by signing in, or given at the reception desk or a kiosk for a walk-in
/// ticket. <see cref="Name"/> is <see cref="NoName"/> for one registered at a kiosk without a name, until they sign in.
/// </summary>
public sealed record PatientAccount(Guid Id, string Phone, string Name, DateTimeOffset RegisteredAt)
{
    public const string NoName = "";

    public bool HasName => Name != NoName;

    /// <summary>Whether a write failed because another account holds the phone already (its unique index).</summary>
    public static bool IsPhoneTaken(Marten.Exceptions.MartenCommandException exception) =>
        exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}

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
