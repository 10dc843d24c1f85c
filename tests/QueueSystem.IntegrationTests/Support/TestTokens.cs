using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace QueueSystem.IntegrationTests;

/// <summary>Tokens signed with the running system's key, for many patients at once or for forgeries.</summary>
public static class TestTokens
{
    public static string Sign(IDictionary<string, object> claims, string key, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "queue-system",
            Audience = "queue-system",
            Claims = claims,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>A patient token as Identity issues it, for a new patient.</summary>
    public static PatientSession Patient(this SystemFixture system, string name)
    {
        var id = Guid.NewGuid();
        var token = Sign(
            new Dictionary<string, object> { ["sub"] = id.ToString(), ["kind"] = "patient", ["role"] = "patient", ["patient_id"] = id.ToString(), ["name"] = name, ["jti"] = Guid.NewGuid().ToString() },
            system.SigningKey,
            DateTime.UtcNow.AddMinutes(-1),
            DateTime.UtcNow.AddHours(1));
        return new PatientSession(token, id, "", name);
    }
}
