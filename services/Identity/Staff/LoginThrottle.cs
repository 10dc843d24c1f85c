using Marten;

namespace QueueSystem.Identity.Staff;

/// <summary>
/// Failed sign-ins for one username from one client address (document id: both). Past
/// <see cref="StaffSettings.MaxFailedLogins"/> that address waits before its next try for that name, a wait that
/// doubles with each further failure up to <see cref="StaffSettings.LongestWait"/>. Other addresses are not
/// slowed, so nobody can keep a member of staff out by failing in their name, and unknown usernames are
/// throttled exactly like known ones, so the answer never tells which exist.
/// </summary>
public sealed record LoginThrottle(string Id, string Username, int Failures, DateTimeOffset? WaitUntil, DateTimeOffset LastFailureAt)
{
    public static string IdOf(string username, string clientAddress) => $"{username}\n{clientAddress}";

    /// <summary>How long the address must still wait, if at all.</summary>
    public TimeSpan? Wait(DateTimeOffset now) => WaitUntil is { } until && until > now ? until - now : null;

    public static LoginThrottle AfterFailure(LoginThrottle? previous, string username, string clientAddress, DateTimeOffset now, StaffSettings settings)
    {
        // A name left alone for the longest wait starts afresh.
        var failures = previous is not null && now - previous.LastFailureAt < settings.LongestWait ? previous.Failures + 1 : 1;
        var beyond = failures - settings.MaxFailedLogins;
        TimeSpan? wait = beyond < 0 ? null
            : TimeSpan.FromTicks(Math.Min(settings.LongestWait.Ticks, settings.FirstWait.Ticks << Math.Min(beyond, 20)));
        return new LoginThrottle(IdOf(username, clientAddress), username, failures, now + wait, now);
    }
}
