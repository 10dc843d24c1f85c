using JasperFx;
using Marten;
using Microsoft.Extensions.Options;
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
/// Staff sign in with a password (ASP.NET Core's PasswordHasher). Repeated failures slow down the address
/// they come from for that username (<see cref="LoginThrottle"/>); an unknown username costs the same hashing
/// work and is throttled the same as a known one, so the answer and its timing tell nothing about which
/// accounts exist.
/// </summary>
public sealed class StaffSignIn(IDocumentStore store, IPasswordHasher<StaffAccount> hasher, IOptions<StaffSettings> options, KeyedTurns turns, TimeProvider clock)
{
    private const int MaxWriteAttempts = 5;
    private readonly StaffSettings settings = options.Value;
    private readonly Lazy<string> unknownUserHash = new(() => hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    public static string NormalizeUsername(string? username) => username?.Trim().ToLowerInvariant() ?? "";

    public async Task<LoginOutcome> LoginAsync(string username, string password, string clientAddress, CancellationToken cancellationToken)
    {
        // Parallel attempts on one account take turns, so every failure is counted.
        using var turn = await turns.TakeAsync($"login:{username}", cancellationToken);
        var throttleId = LoginThrottle.IdOf(username, clientAddress);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var throttle = await session.LoadAsync<LoginThrottle>(throttleId, cancellationToken);
            if (throttle?.Wait(now) is { } wait)
            {
                return new LoginOutcome.LockedOut(wait);
            }

            var staff = username.Length == 0 ? null : await session.LoadAsync<StaffAccount>(username, cancellationToken);
            // An unknown name costs the same hashing work as a known one (its hash is of a random password).
            var verification = hasher.VerifyHashedPassword(staff!, staff?.PasswordHash ?? unknownUserHash.Value, password);
            LoginOutcome outcome;
            if (staff is null || verification == PasswordVerificationResult.Failed)
            {
                session.Store(LoginThrottle.AfterFailure(throttle, username, clientAddress, now, settings));
                outcome = new LoginOutcome.WrongCredentials();
            }
            else if (!staff.IsActive)
            {
                return new LoginOutcome.Inactive();
            }
            else
            {
                if (throttle is not null)
                {
                    session.Delete(throttle);
                }

                if (verification == PasswordVerificationResult.SuccessRehashNeeded)
                {
                    session.Store(staff with { PasswordHash = hasher.HashPassword(staff, password) });
                }

                outcome = new LoginOutcome.Success(staff);
            }

            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return outcome;
            }
            catch (ConcurrencyException) when (attempt < MaxWriteAttempts)
            {
                // Another instance wrote the throttle or the account first: decide again on what it left.
            }
            catch (ConcurrencyException)
            {
                throw new ContendedException();
            }
        }
    }
}
