using QueueSystem.Identity.Otp;

namespace QueueSystem.Identity;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new PhoneNumberNormalizer(builder.Configuration["Identity:DefaultRegion"] ?? "IN"));
        builder.AddMessageBus("identity");
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapIdentityApis(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapOtpApi();
        return app;
    }
}
