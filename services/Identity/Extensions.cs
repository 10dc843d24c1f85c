using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using QueueSystem.Identity.Patients;
using QueueSystem.Identity.Staff;
using QueueSystem.Identity.Tokens;

namespace QueueSystem.Identity;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var otp = builder.Configuration.GetSection(OtpSettings.Section).Get<OtpSettings>() ?? new OtpSettings();
        builder.Services.AddSingleton(otp);
        builder.Services.AddSingleton(builder.Configuration.GetSection(StaffSettings.Section).Get<StaffSettings>() ?? new StaffSettings());
        builder.Services.AddSingleton(new PhoneNumberNormalizer(builder.Configuration["Identity:DefaultRegion"] ?? "IN"));
        builder.Services.AddSingleton<OtpCodes>();
        builder.Services.AddScoped<PatientSignIn>();
        builder.Services.AddSingleton<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
        builder.Services.AddSingleton<StaffSignIn>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<IStaffAccessSource, StoredStaffAccess>();
        builder.Services.AddHostedService<FirstAdmin>();

        builder.AddDocumentStore("identitydb", "identity", options =>
        {
            options.Schema.For<PatientAccount>().UniqueIndex(p => p.Phone);
            options.Schema.For<OtpChallenge>().UseOptimisticConcurrency(true);
            options.Schema.For<AddressSendLog>().UseOptimisticConcurrency(true);
            options.Schema.For<StaffAccount>().UseOptimisticConcurrency(true);
        });

        // The gateway is the only caller: the client address it forwards is the one that counts.
        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
        builder.AddMessageBus("identity");
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapIdentityApis(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.MapOpenApi();
        app.MapPatientApi();
        app.MapStaffLoginApi();
        app.MapStaffAdminApi();
        return app;
    }
}
