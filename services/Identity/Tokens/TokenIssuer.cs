using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using QueueSystem.Identity.Patients;
using QueueSystem.Identity.Staff;

namespace QueueSystem.Identity.Tokens;

/// <summary>Signs the tokens every service validates (see ServiceDefaults' token authentication).</summary>
public sealed class TokenIssuer(TokenSettings settings, TimeProvider clock)
{
    private readonly SigningCredentials credentials = new(settings.Key(), SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler handler = new();

    public (string Token, TimeSpan Lifetime) ForPatient(PatientAccount patient) => Issue(settings.PatientLifetime, new Dictionary<string, object>
    {
        [JwtRegisteredClaimNames.Sub] = patient.Id.ToString(),
        [QueueClaims.Kind] = QueueClaims.PatientKind,
        [QueueClaims.Role] = Roles.Patient,
        [QueueClaims.PatientId] = patient.Id.ToString(),
        [QueueClaims.Name] = patient.Name,
    });

    public (string Token, TimeSpan Lifetime) ForStaff(StaffAccount staff)
    {
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = staff.Id,
            [QueueClaims.Kind] = QueueClaims.StaffKind,
            [QueueClaims.Role] = staff.Role,
            [QueueClaims.Username] = staff.Id,
            [QueueClaims.Name] = staff.Id,
            [QueueClaims.Stamp] = staff.Stamp,
        };
        if (staff.CounterId is { } counterId)
        {
            claims[QueueClaims.CounterId] = counterId;
        }

        return Issue(settings.StaffLifetime, claims);
    }

    private (string Token, TimeSpan Lifetime) Issue(TimeSpan lifetime, Dictionary<string, object> claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        claims[JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = credentials,
        });
        return (token, lifetime);
    }
}
