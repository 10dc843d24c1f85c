using QueueSystem.Notification.Apis;
using QueueSystem.Notification.Consumers;
using QueueSystem.Notification.Sending;

namespace QueueSystem.Notification;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore("notificationdb", "notification", options => options.Schema.For<SmsMessage>().Index(m => m.To));

        // Codes must never be readable from an open outbox in production.
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No SMS gateway is configured. The development outbox runs only in the Development environment.");
        }

        builder.Services.AddSingleton<DevelopmentOutbox>();
        builder.Services.AddSingleton<ISmsSender>(services => services.GetRequiredService<DevelopmentOutbox>());

        builder.AddMessageBus("notification", bus => bus.AddConsumer<OtpRequestedConsumer>(typeof(OtpRequestedConsumerDefinition)));
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapNotificationApis(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapDevSmsApi();
        return app;
    }
}
