using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Validates a token once and remembers the outcome until the token expires: a patient's phone sends the same token
/// with every request, and reading and checking its signature again each time was a tenth of the gateway's CPU under
/// joins. Only successes are remembered, keyed by the whole token (a changed character is another token), never past
/// the token's expiry; sign-outs and staff changes are still checked on every request, after this.
/// </summary>
public sealed class RememberedTokens(TimeProvider clock) : JsonWebTokenHandler, IDisposable
{
    private const int Capacity = 20_000; // tokens in use at once on one process; a few kilobytes each

    private readonly MemoryCache validated = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (validated.TryGetValue(token, out Validated? known) && known is not null && clock.GetUtcNow() < known.Expires)
        {
            return Copy(known.Result);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken { ValidTo: var validTo } && new DateTimeOffset(validTo, TimeSpan.Zero) is var expires && expires > clock.GetUtcNow())
        {
            validated.Set(token, new Validated(result, expires), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
        }

        return Copy(result);
    }

    /// <summary>Each request its own identity: a handler further on may add to it, and must not change another request's.</summary>
    private static TokenValidationResult Copy(TokenValidationResult result) => !result.IsValid ? result : new TokenValidationResult
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
        TokenContext = result.TokenContext,
    };

    public void Dispose() => validated.Dispose();

    private sealed record Validated(TokenValidationResult Result, DateTimeOffset Expires);
}
