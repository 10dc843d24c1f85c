using System.Text.RegularExpressions;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace QueueSystem.Identity.Staff;

/// <summary>Admins manage staff accounts. No answer ever carries a password or its hash.</summary>
public static partial class StaffAdminApi
{
    public sealed record StaffRequest(string? Username, string? Password, string? Role, int? CounterId, bool? IsActive);

    public sealed record StaffView(string Username, string Role, int? CounterId, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static StaffView From(StaffAccount staff) =>
            new(staff.Id, staff.Role, staff.CounterId, staff.IsActive, staff.CreatedAt, staff.UpdatedAt);
    }

    public static IEndpointRouteBuilder MapStaffAdminApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/admin/staff").RequireAuthorization(Policies.Admin).WithTags("Admin");
        staff.MapGet("/", List).WithName("ListStaff");
        staff.MapPost("/", Create).WithName("CreateStaff");
        staff.MapPut("/{username}", Update).WithName("UpdateStaff");
        return app;
    }

    public static async Task<Ok<StaffView[]>> List(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var accounts = await session.Query<StaffAccount>().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(accounts.Select(StaffView.From).ToArray());
    }

    public static async Task<Results<Created<StaffView>, ValidationProblem, ProblemHttpResult>> Create(
        StaffRequest request, IDocumentStore store, IPasswordHasher<StaffAccount> hasher, TimeProvider clock, CancellationToken cancellationToken)
    {
        var username = StaffSignIn.NormalizeUsername(request.Username);
        var errors = Validate(request, username, passwordRequired: true);
        if (!UsernamePattern().IsMatch(username))
        {
            errors["username"] = ["3 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        var draft = new StaffAccount(username, "", request.Role!, request.CounterId, request.IsActive ?? true, StaffAccount.NewStamp(), now, now);
        var account = draft with { PasswordHash = hasher.HashPassword(draft, request.Password!) };
        await using var session = store.LightweightSession();
        session.Insert(account);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return ProblemResults.Of(StatusCodes.Status409Conflict, "Duplicate username", $"The username '{username}' is taken.");
        }

        return TypedResults.Created($"/api/admin/staff/{username}", StaffView.From(account));
    }

    public static async Task<Results<Ok<StaffView>, ValidationProblem, ProblemHttpResult>> Update(
        string username, StaffRequest request, IDocumentStore store, IPasswordHasher<StaffAccount> hasher,
        StaffAccessCheck accessCheck, TimeProvider clock, CancellationToken cancellationToken)
    {
        username = StaffSignIn.NormalizeUsername(username);
        var errors = Validate(request, username, passwordRequired: false);
        if (request.Username is not null && StaffSignIn.NormalizeUsername(request.Username) != username)
        {
            errors["username"] = ["A username cannot be changed."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var session = store.LightweightSession();
        var current = await session.LoadAsync<StaffAccount>(username, cancellationToken);
        if (current is null)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown staff account", $"No staff account is named '{username}'.");
        }

        var isActive = request.IsActive ?? current.IsActive;
        if (current is { Role: Roles.Admin, IsActive: true } && (request.Role != Roles.Admin || !isActive)
            && !await session.Query<StaffAccount>().AnyAsync(s => s.Id != username && s.Role == Roles.Admin && s.IsActive, cancellationToken))
        {
            return ProblemResults.Of(StatusCodes.Status409Conflict, "Last admin", "This is the last active admin: make another admin first.");
        }

        var updated = current with
        {
            Role = request.Role!,
            CounterId = request.CounterId,
            IsActive = isActive,
            PasswordHash = request.Password is null ? current.PasswordHash : hasher.HashPassword(current, request.Password),
            Stamp = StaffAccount.NewStamp(),
            UpdatedAt = clock.GetUtcNow(),
        };
        session.Store(updated);
        if (request.Password is not null)
        {
            // A new password lifts every wait on the name: whoever failed before did not know it.
            session.DeleteWhere<LoginThrottle>(t => t.Username == username);
        }

        await session.SaveChangesAsync(cancellationToken);
        accessCheck.Forget(username);
        return TypedResults.Ok(StaffView.From(updated));
    }

    private static Dictionary<string, string[]> Validate(StaffRequest request, string username, bool passwordRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if ((passwordRequired || request.Password is not null) && PasswordPolicy.WeaknessOf(request.Password ?? "", username) is { } weakness)
        {
            errors["password"] = [weakness];
        }

        if (request.Role is null || !Roles.Accounts.Contains(request.Role))
        {
            errors["role"] = ["One of operator, supervisor, admin, reception."];
        }
        else if (request.Role == Roles.Operator && request.CounterId is not > 0)
        {
            errors["counterId"] = ["An operator is bound to one counter: give its id."];
        }
        else if (request.Role != Roles.Operator && request.CounterId is not null)
        {
            errors["counterId"] = ["Only an operator is bound to a counter."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    private static partial Regex UsernamePattern();
}
