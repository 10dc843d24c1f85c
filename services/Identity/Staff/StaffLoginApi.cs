using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Identity.Tokens;

namespace QueueSystem.Identity.Staff;

public static class StaffLoginApi
{
    public sealed record LoginRequest(string? Username, string? Password);

    public sealed record StaffIdentity(string Username, string Role, int? CounterId);

    public sealed record LoggedIn(string AccessToken, int ExpiresInSeconds, StaffIdentity Staff);

    public static IEndpointRouteBuilder MapStaffLoginApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/staff/login", Login).WithName("StaffLogin").WithSummary("Exchange a username and password for a staff token.");
        app.MapGet("/internal/staff/{username}/access", Access).WithName("StaffAccess").ExcludeFromDescription().RequireServiceCredential();
        return app;
    }

    public static async Task<Results<Ok<LoggedIn>, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext http, StaffSignIn signIn, TokenIssuer tokens, CancellationToken cancellationToken)
    {
        var username = StaffSignIn.NormalizeUsername(request.Username);
        // No account has such a name (and PostgreSQL cannot even compare a text holding NUL).
        if (username.Length > 64 || !PlainText.IsPlain(username) || (request.Password?.Length ?? 0) > 256)
        {
            return WrongCredentials();
        }

        switch (await signIn.LoginAsync(username, request.Password ?? "", http.ClientAddress(), cancellationToken))
        {
            case LoginOutcome.Success success:
                var (token, lifetime) = tokens.ForStaff(success.Staff);
                return TypedResults.Ok(new LoggedIn(token, (int)lifetime.TotalSeconds, new StaffIdentity(success.Staff.Id, success.Staff.Role, success.Staff.CounterId)));
            case LoginOutcome.LockedOut locked:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(locked.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ProblemResults.Of(StatusCodes.Status429TooManyRequests, "Too many attempts", "Too many failed sign-ins with this name from here: wait a little before trying again.");
            case LoginOutcome.Inactive:
                return ProblemResults.Of(StatusCodes.Status403Forbidden, "Account deactivated", "This account has been deactivated; ask an administrator.");
            default:
                return WrongCredentials();
        }
    }

    /// <summary>For the other services' token checks; not routed by the gateway, and only for the system's own services.</summary>
    public static async Task<Results<Ok<StaffAccess>, NotFound>> Access(string username, IStaffAccessSource accounts, CancellationToken cancellationToken) =>
        await accounts.GetAsync(StaffSignIn.NormalizeUsername(username), cancellationToken) is { } access ? TypedResults.Ok(access) : TypedResults.NotFound();

    private static ProblemHttpResult WrongCredentials() =>
        ProblemResults.Of(StatusCodes.Status401Unauthorized, "Wrong credentials", "The username or password is wrong.");
}

/// <summary>Identity reads staff access straight from its own store.</summary>
public sealed class StoredStaffAccess(Marten.IDocumentStore store) : IStaffAccessSource
{
    public async Task<StaffAccess?> GetAsync(string username, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var staff = await session.LoadAsync<StaffAccount>(username, cancellationToken);
        return staff is null ? null : new StaffAccess(staff.IsActive, staff.Stamp);
    }
}
