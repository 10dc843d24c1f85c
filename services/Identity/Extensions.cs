using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using QueueSystem.Identity.Patients;
using QueueSystem.Identity.Staff;
using QueueSystem.Identity.Tokens;

namespace QueueSystem.Identity;

public static class Extensions
{
    /// <summary>The caller's address as the gateway saw it (forwarded headers, believed only from the gateway, are applied before this).</summary>
    public static string ClientAddress(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OtpSettings>().BindConfiguration(OtpSettings.Section);
        builder.Services.AddOptions<StaffSettings>().BindConfiguration(StaffSettings.Section);
        builder.Services.AddOptions<PhoneSettings>().BindConfiguration(PhoneSettings.Section);
        builder.Services.AddSingleton<PhoneNumberNormalizer>();
        builder.Services.AddSingleton<KeyedTurns>();
        builder.Services.AddSingleton<OtpCodes>();
        builder.Services.AddScoped<PatientSignIn>();
        builder.Services.AddSingleton<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
        builder.Services.AddSingleton<StaffSignIn>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<IStaffAccessSource, StoredStaffAccess>();
        builder.Services.AddHostedService<FirstAdmin>();
        builder.Services.AddSingleton<IRevokedTokenSource, StoredRevokedTokens>();
        builder.Services.AddHostedService<ExpiredRecordsCleanup>();

        builder.AddDocumentStore("identitydb", "identity", options =>
        {
            options.Schema.For<PatientAccount>().UniqueIndex(p => p.Phone);
            options.Schema.For<OtpChallenge>().UseOptimisticConcurrency(true);
            options.Schema.For<AddressSendLog>().UseOptimisticConcurrency(true);
            options.Schema.For<StaffAccount>().UseOptimisticConcurrency(true);
            options.Schema.For<LoginThrottle>().UseOptimisticConcurrency(true).Index(t => t.Username);
            options.Schema.For<TokenRevocation>().Index(r => r.RevokedAt).Index(r => r.ExpiresAt);
        });

        // The client address the gateway forwards is the one that counts (its rate limits are per address).
        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
        builder.AddMessageBus("identity");
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapIdentityApis(this WebApplication app)
    {
        // Believed only from the gateway (which presents the service key): any other local caller is itself the client.
        app.UseWhen(ServiceCredential.IsPresentedBy, forwarded => forwarded.UseForwardedHeaders());
        app.MapOpenApi();
        app.MapPatientApi();
        app.MapWalkInPatientsApi();
        app.MapStaffLoginApi();
        app.MapStaffAdminApi();
        app.MapSignOutApi();
        return app;
    }
}
