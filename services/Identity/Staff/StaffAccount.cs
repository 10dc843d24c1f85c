namespace QueueSystem.Identity.Staff;

/// <summary>
/// A member of staff (document id: the username, lower-case). <see cref="Stamp"/> changes with every
/// change an admin makes, which ends the tokens issued before it.
/// </summary>
public sealed record StaffAccount(
    string Id,
    string PasswordHash,
    string Role,
    int? CounterId,
    bool IsActive,
    string Stamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string NewStamp() => Guid.NewGuid().ToString("N");
}
