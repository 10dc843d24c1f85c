namespace QueueSystem.Identity.Staff;

/// <summary>The rules of staff sign-in (configuration section <c>Identity:Staff</c>); see <see cref="LoginThrottle"/>.</summary>
public sealed class StaffSettings
{
    public const string Section = "Identity:Staff";

    /// <summary>Failures for one username from one address before that address must wait.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan FirstWait { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan LongestWait { get; set; } = TimeSpan.FromMinutes(15);
}
