using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Whether a staff account may act now, and the stamp its current tokens carry.</summary>
public sealed record StaffAccess(bool IsActive, string Stamp);

/// <summary>Where the current state of staff accounts is read: the Identity service.</summary>
public interface IStaffAccessSource
{
    /// <returns>Null when the account does not exist.</returns>
    Task<StaffAccess?> GetAsync(string username, CancellationToken cancellationToken);
}

/// <summary>Asks the Identity service over HTTP (service discovery name <c>identity</c>), as one of the system's services.</summary>
public sealed class HttpStaffAccessSource(IHttpClientFactory clients, TokenSettings settings) : IStaffAccessSource
{
    public async Task<StaffAccess?> GetAsync(string username, CancellationToken cancellationToken)
    {
        using var http = clients.CreateClient(nameof(HttpStaffAccessSource));
        return await http.GetInternalAsync<StaffAccess>(new Uri($"http://identity/internal/staff/{Uri.EscapeDataString(username)}/access"), settings, cancellationToken);
    }
}

/// <summary>
/// Lets a staff token act only while its account is active and unchanged, so a deactivation or a
/// role change takes effect within <see cref="Freshness"/>, not at token expiry. If Identity cannot be
/// reached, the last known answer stands (a hospital keeps calling patients through a short outage).
/// </summary>
public sealed class StaffAccessCheck(IStaffAccessSource source, ILogger<StaffAccessCheck> logger, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (StaffAccess? Access, DateTimeOffset ReadAt)> known = new(StringComparer.Ordinal);

    public async Task<bool> AllowsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(QueueClaims.Kind) != QueueClaims.StaffKind)
        {
            return true;
        }

        var username = user.Username();
        if (username is null)
        {
            return false;
        }

        var (access, answered) = await CurrentAsync(username, cancellationToken);
        if (!answered && access is null)
        {
            return true; // never known and Identity unreachable: the valid signature has to do
        }

        return access is { IsActive: true } && access.Stamp == user.FindFirstValue(QueueClaims.Stamp);
    }

    /// <summary>Forgets what is known of an account, so its next request reads the current state.</summary>
    public void Forget(string username) => known.TryRemove(username, out _);

    private async Task<(StaffAccess? Access, bool Answered)> CurrentAsync(string username, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (known.TryGetValue(username, out var cached) && now - cached.ReadAt < Freshness)
        {
            return (cached.Access, true);
        }

        try
        {
            var access = await source.GetAsync(username, cancellationToken);
            known[username] = (access, now);
            return (access, true);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Staff access could not be read from Identity; using the last known state");
            return (cached.Access, cached.ReadAt != default);
        }
    }
}
