using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace QueueSystem.UnitTests.Security;

public class RememberedTokensTests
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("a-signing-key-of-at-least-32-characters!"));

    [Fact]
    public async Task A_token_validated_once_is_valid_again_with_an_identity_of_its_own_until_it_expires()
    {
        using var handler = new RememberedTokens(TimeProvider.System);
        var token = Issue(DateTimeOffset.UtcNow.AddSeconds(2));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var again = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid && again.IsValid);
        Assert.Equal("patient-1", again.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(first.ClaimsIdentity, again.ClaimsIdentity);

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // JWT lifetimes are whole seconds, checked by the system's clock
        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task A_token_differing_in_one_character_is_checked_on_its_own()
    {
        using var handler = new RememberedTokens(TimeProvider.System);
        var token = Issue(DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters())).IsValid);
    }

    private static string Issue(DateTimeOffset expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "patient-1")]),
        Issuer = "queue-system",
        Audience = "queue-system",
        NotBefore = expires.UtcDateTime.AddHours(-1),
        IssuedAt = expires.UtcDateTime.AddHours(-1),
        Expires = expires.UtcDateTime,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
    });

    private static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "queue-system",
        ValidAudience = "queue-system",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
    };
}
