using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;

namespace QueueSystem.Identity.Tokens;

/// <summary>A signed-out token (id = its <c>jti</c>); deleted once the token would have expired anyway.</summary>
public sealed record TokenRevocation(string Id, string Subject, DateTimeOffset RevokedAt, DateTimeOffset ExpiresAt);

public static class SignOutApi
{
    public static IEndpointRouteBuilder MapSignOutApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sign_out", SignOut).WithName("SignOut").WithSummary("End the token this request carries, everywhere, at once here and within seconds in every service.")
            .RequireAuthorization();
        app.MapGet(HttpRevokedTokenSource.Path, Revoked).WithName("RevokedTokens").ExcludeFromDescription().RequireServiceCredential();
        return app;
    }

    public static async Task<NoContent> SignOut(
        ClaimsPrincipal user, IDocumentStore store, RevokedTokens revoked, TimeProvider clock, CancellationToken cancellationToken)
    {
        // The token was validated to get here: it has one id, one subject and an expiry.
        var tokenId = user.FindFirstValue(JwtRegisteredClaimNames.Jti)!;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Exp)!, System.Globalization.CultureInfo.InvariantCulture));
        await using (var session = store.LightweightSession())
        {
            session.Store(new TokenRevocation(tokenId, user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? "", clock.GetUtcNow(), expiresAt));
            await session.SaveChangesAsync(cancellationToken);
        }

        revoked.Add([new RevokedToken(tokenId, expiresAt)]);
        return TypedResults.NoContent();
    }

    /// <summary>For every process's token check (<see cref="RevokedTokenPoller"/>); only for the system's own services.</summary>
    public static async Task<Ok<RevokedTokenList>> Revoked(DateTimeOffset? since, IRevokedTokenSource source, CancellationToken cancellationToken) =>
        TypedResults.Ok(await source.SinceAsync(since, cancellationToken));
}

/// <summary>Identity reads sign-outs straight from its own store.</summary>
public sealed class StoredRevokedTokens(IDocumentStore store, TimeProvider clock) : IRevokedTokenSource
{
    public async Task<RevokedTokenList> SinceAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var session = store.QuerySession();
        var query = session.Query<TokenRevocation>().Where(r => r.ExpiresAt > now);
        if (since is { } moment)
        {
            query = query.Where(r => r.RevokedAt > moment);
        }

        var revocations = await query.ToListAsync(cancellationToken);
        return new RevokedTokenList([.. revocations.Select(r => new RevokedToken(r.Id, r.ExpiresAt))], now);
    }
}
