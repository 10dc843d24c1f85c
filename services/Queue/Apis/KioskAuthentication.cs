using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using QueueSystem.Queue.Catalog;

namespace QueueSystem.Queue.Apis;

/// <summary>
/// A kiosk's device token (<c>Authorization: Bearer</c>): it names a registered kiosk not revoked and matches the hash
/// kept of its token. The catalog is read up to date first, so a kiosk revoked through another instance stops at once.
/// Such a principal satisfies no policy but <see cref="Policies.Kiosk"/>: a kiosk token can only issue tickets.
/// </summary>
public sealed class KioskAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CatalogStore catalogStore)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Kiosk";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        if (SecretTokens.IdOf(token) is not { } kioskId)
        {
            return AuthenticateResult.NoResult();
        }

        var catalog = await catalogStore.CurrentAsync(Context.RequestAborted);
        if (catalog.Kiosks.GetValueOrDefault(kioskId) is not { } kiosk || !SecretTokens.Matches(kiosk.TokenHash, SecretTokens.Hash(token!)))
        {
            return AuthenticateResult.Fail("Unknown or revoked kiosk.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(QueueClaims.Kind, QueueClaims.KioskKind), new Claim(QueueClaims.KioskId, kiosk.Id.ToString()), new Claim(QueueClaims.Name, kiosk.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public static class KioskAuthenticationExtensions
{
    /// <summary>The kiosk scheme, and the policy of the one endpoint kiosks use.</summary>
    public static IServiceCollection AddKioskAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, KioskAuthentication>(KioskAuthentication.SchemeName, null);
        // A kiosk's device token or any token of Identity's: the latter are of the wrong kind here (403), not unknown (401).
        services.AddAuthorizationBuilder().AddPolicy(Policies.Kiosk, policy => policy
            .AddAuthenticationSchemes(KioskAuthentication.SchemeName, JwtBearerDefaults.AuthenticationScheme)
            .RequireClaim(QueueClaims.Kind, QueueClaims.KioskKind));
        services.AddSingleton<KioskPace>();
        return services;
    }
}

/// <summary>
/// How fast one kiosk may issue: a person choosing a service and taking the slip needs well over
/// <see cref="CatalogOptions.KioskSecondsPerTicket"/> seconds, so anything faster is a script or a stuck button.
/// </summary>
public sealed class KioskPace(IOptions<CatalogOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> limiter = PartitionedRateLimiter.Create<Guid, Guid>(kiosk => RateLimitPartition.GetTokenBucketLimiter(kiosk, _ => new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.Value.KioskTicketBurst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(options.Value.KioskSecondsPerTicket),
        QueueLimit = 0,
        AutoReplenishment = true,
    }));

    /// <returns>Null when the kiosk may issue now, otherwise how long it must wait.</returns>
    public TimeSpan? WaitBefore(Guid kioskId)
    {
        using var lease = limiter.AttemptAcquire(kioskId);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait
            : TimeSpan.FromSeconds(options.Value.KioskSecondsPerTicket);
    }

    public void Dispose() => limiter.Dispose();
}
