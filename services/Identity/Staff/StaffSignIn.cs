using JasperFx;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace QueueSystem.Identity.Staff;

public abstract record LoginOutcome
{
    public sealed record Success(StaffAccount Staff) : LoginOutcome;

    public sealed record WrongCredentials : LoginOutcome;

    public sealed record LockedOut(TimeSpan RetryAfter) : LoginOutcome;

    public sealed record Inactive : LoginOutcome;
}

/// <summary>
/// Staff sign in with a password (ASP.NET Core's PasswordHasher). Repeated failures lock the account;
/// an unknown username costs the same hashing work as a known one, so the answer and its timing
/// tell nothing about which accounts exist.
/// </summary>
public sealed class StaffSignIn(IDocumentStore store, IPasswordHasher<StaffAccount> hasher, StaffSettings settings, KeyedTurns turns, TimeProvider clock)
{
    private const int MaxWriteAttempts = 5;
    private readonly Lazy<string> unknownUserHash = new(() => hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    public static string NormalizeUsername(string? username) => username?.Trim().ToLowerInvariant() ?? "";

    public async Task<LoginOutcome> LoginAsync(string username, string password, CancellationToken cancellationToken)
    {
        // Parallel attempts on one account take turns, so every failure is counted.
        using var turn = await turns.TakeAsync($"login:{username}", cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var staff = username.Length == 0 ? null : await session.LoadAsync<StaffAccount>(username, cancellationToken);
            if (staff is null)
            {
                hasher.VerifyHashedPassword(null!, unknownUserHash.Value, password);
                return new LoginOutcome.WrongCredentials();
            }

            if (staff.LockedUntil is { } lockedUntil && lockedUntil > now)
            {
                return new LoginOutcome.LockedOut(lockedUntil - now);
            }

            var verification = hasher.VerifyHashedPassword(staff, staff.PasswordHash, password);
            LoginOutcome outcome;
            if (verification == PasswordVerificationResult.Failed)
            {
                var failures = staff.FailedLogins + 1;
                var locked = failures >= settings.MaxFailedLogins;
                session.Store(staff with
                {
                    FailedLogins = locked ? 0 : failures,
                    LockedUntil = locked ? now + settings.LockoutDuration : null,
                });
                outcome = new LoginOutcome.WrongCredentials();
            }
            else if (!staff.IsActive)
            {
                return new LoginOutcome.Inactive();
            }
            else
            {
                var signedIn = staff with
                {
                    FailedLogins = 0,
                    LockedUntil = null,
                    PasswordHash = verification == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(staff, password) : staff.PasswordHash,
                };
                session.Store(signedIn);
                outcome = new LoginOutcome.Success(signedIn);
            }

            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return outcome;
            }
            catch (ConcurrencyException) when (attempt < MaxWriteAttempts)
            {
                // Another instance wrote the account first: decide again on what it left.
            }
            catch (ConcurrencyException)
            {
                throw new ContendedException();
            }
        }
    }
}
