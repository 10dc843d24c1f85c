using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>Where tokens come from and how long they live (configuration section <c>Tokens</c>).</summary>
public sealed class TokenSettings
{
    public const string Section = "Tokens";

    public string Issuer { get; set; } = "queue-system";

    public string Audience { get; set; } = "queue-system";

    /// <summary>HMAC-SHA256 key, at least 32 characters: an Aspire secret parameter, never committed.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>The key the system's own processes present to each other (<see cref="ServiceCredential"/>); an Aspire secret parameter.</summary>
    public string ServiceKey { get; set; } = "";

    /// <summary>A patient signs in once for a hospital visit.</summary>
    public TimeSpan PatientLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A member of staff signs in once for a shift; deactivation still takes effect within a minute.</summary>
    public TimeSpan StaffLifetime { get; set; } = TimeSpan.FromHours(10);

    /// <summary>How often each process asks Identity for sign-outs: the longest a signed-out token still works anywhere.</summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public SymmetricSecurityKey Key()
    {
        if (SigningKey.Length < 32)
        {
            throw new InvalidOperationException("Tokens:SigningKey must be set to at least 32 characters.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
    }

    public static TokenSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TokenSettings>() ?? new TokenSettings();
}

/// <summary>
/// The one validation of this system's tokens, used by the gateway and every service: signature
/// (HMAC-SHA256 only, so <c>alg: none</c> and other algorithms fail), issuer, audience, lifetime,
/// each of the system's claims at most once, not signed out, and for staff whether the account is still active and unchanged.
/// </summary>
public static class TokenAuthentication
{
    // Read as one value each: a second "kind" or "role" could pass a policy that accepts any of them while
    // another check reads only the first.
    private static readonly string[] SingleValued =
        [QueueClaims.Kind, QueueClaims.Role, QueueClaims.PatientId, QueueClaims.Username, QueueClaims.CounterId, QueueClaims.Name, QueueClaims.Stamp, "sub", "jti"];

    public static TBuilder AddTokenAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var settings = TokenSettings.From(builder.Configuration);
        if (settings.ServiceKey.Length < 32)
        {
            throw new InvalidOperationException("Tokens:ServiceKey must be set to at least 32 characters.");
        }

        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IStaffAccessSource, HttpStaffAccessSource>();
        builder.Services.AddSingleton<StaffAccessCheck>();
        builder.Services.TryAddSingleton<IRevokedTokenSource, HttpRevokedTokenSource>();
        builder.Services.AddSingleton<RevokedTokens>();
        builder.Services.AddHostedService<RevokedTokenPoller>();
        // The system's clock, as the token handler checks lifetimes by it (whatever clock a test gives the service).
        builder.Services.AddSingleton(new RememberedTokens(TimeProvider.System));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<RememberedTokens>((options, tokens) =>
        {
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(tokens);
        });
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = settings.Key(),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = QueueClaims.Name,
                    RoleClaimType = QueueClaims.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket requests: the hub takes the token from the query.
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                            && context.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token)
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        if (context.Principal is { } principal && SingleValued.Any(type => principal.FindAll(type).Skip(1).Any()))
                        {
                            context.Fail("A claim of this system appears more than once.");
                            return;
                        }

                        // Every token Identity issues has an id; one without could not be signed out.
                        if (context.Principal?.FindFirstValue("jti") is not { Length: > 0 } tokenId
                            || context.HttpContext.RequestServices.GetRequiredService<RevokedTokens>().IsRevoked(tokenId))
                        {
                            context.Fail("The token has been signed out.");
                            return;
                        }

                        var check = context.HttpContext.RequestServices.GetRequiredService<StaffAccessCheck>();
                        if (context.Principal is { } user && !await check.AllowsAsync(user, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The staff account is inactive or has changed since this token was issued.");
                        }
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Patient, policy => policy.RequireClaim(QueueClaims.Kind, QueueClaims.PatientKind).RequireClaim(QueueClaims.PatientId))
            .AddPolicy(Policies.Staff, policy => policy.RequireClaim(QueueClaims.Kind, QueueClaims.StaffKind)
                .RequireClaim(QueueClaims.Role, Roles.Operator, Roles.Supervisor, Roles.Admin))
            .AddPolicy(Policies.Supervisor, policy => policy.RequireClaim(QueueClaims.Kind, QueueClaims.StaffKind)
                .RequireClaim(QueueClaims.Role, Roles.Supervisor, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireClaim(QueueClaims.Kind, QueueClaims.StaffKind)
                .RequireClaim(QueueClaims.Role, Roles.Admin))
            .AddPolicy(Policies.Reception, policy => policy.RequireClaim(QueueClaims.Kind, QueueClaims.StaffKind)
                .RequireClaim(QueueClaims.Role, Roles.Reception, Roles.Supervisor, Roles.Admin));
        return builder;
    }
}
