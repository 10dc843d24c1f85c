using System.Security.Claims;

namespace Microsoft.Extensions.Hosting;

/// <summary>The claims of this system's tokens, and what a signed-in user is.</summary>
public static class QueueClaims
{
    public const string Kind = "kind";
    public const string Role = "role";
    public const string PatientId = "patient_id";
    public const string Username = "username";
    public const string CounterId = "counter_id";
    public const string Name = "name";
    public const string Phone = "phone";

    /// <summary>Changes whenever a staff account's password, role, counter or activity changes; older tokens then stop working.</summary>
    public const string Stamp = "stamp";

    public const string PatientKind = "patient";
    public const string StaffKind = "staff";

    /// <summary>A registered kiosk, known by its device token (not a token Identity issues).</summary>
    public const string KioskKind = "kiosk";
    public const string KioskId = "kiosk_id";
}

/// <summary>The roles of staff; a patient's token has the role <see cref="Patient"/>.</summary>
public static class Roles
{
    public const string Patient = "patient";
    public const string Operator = "operator";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    /// <summary>Issues walk-in tickets at the reception desk; acts at no counter.</summary>
    public const string Reception = "reception";

    /// <summary>Every role a staff account may have.</summary>
    public static readonly IReadOnlySet<string> Accounts = new HashSet<string>(StringComparer.Ordinal) { Operator, Supervisor, Admin, Reception };
}

/// <summary>Authorization policies shared by the gateway and every service.</summary>
public static class Policies
{
    public const string Patient = "patient";
    public const string Staff = "staff";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";
    public const string Reception = "reception";
    public const string Kiosk = "kiosk";
}

public static class ClaimsPrincipalExtensions
{
    public static Guid? PatientId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(QueueClaims.PatientId), out var id) ? id : null;

    public static string? Username(this ClaimsPrincipal user) => user.FindFirstValue(QueueClaims.Username);

    /// <summary>Who acts, as events record it: <c>patient:{id}</c>, <c>kiosk:{id}</c> or <c>staff:{username}</c>.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.PatientId() is { } patientId ? $"patient:{patientId}"
        : user.FindFirstValue(QueueClaims.KioskId) is { } kioskId ? $"kiosk:{kioskId}"
        : $"staff:{user.Username()}";

    public static string? StaffRole(this ClaimsPrincipal user) =>
        user.FindFirstValue(QueueClaims.Kind) == QueueClaims.StaffKind ? user.FindFirstValue(QueueClaims.Role) : null;

    /// <summary>The counter an operator is bound to; null for other roles.</summary>
    public static int? OperatorCounterId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(QueueClaims.CounterId), out var id) ? id : null;
}
