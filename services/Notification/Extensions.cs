using QueueSystem.Notification.Apis;
using QueueSystem.Notification.Consumers;
using QueueSystem.Notification.Contacts;
using QueueSystem.Notification.Delivery;
using QueueSystem.Notification.Gateway;
using QueueSystem.Notification.Sending;
using QueueSystem.Notification.Templates;

namespace QueueSystem.Notification;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore("notificationdb", "notification", options =>
        {
            options.Schema.For<OutboxMessage>().Index(m => m.To);
            options.Schema.For<SmsDelivery>().UseOptimisticConcurrency(true);
            options.Schema.For<PatientContact>();
        });

        builder.Services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section);
        // Read now as well: the gateway chosen and the templates checked before the service starts.
        var sms = builder.Configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new SmsOptions();
        builder.Services.AddSingleton(new SmsTemplates(Microsoft.Extensions.Options.Options.Create(sms))); // a bad template stops the start
        builder.Services.AddSingleton<SmsMetrics>();
        builder.Services.AddScoped<SmsDispatcher>();
        builder.Services.AddSingleton<PatientPhones>();
        builder.Services.AddSingleton<PatientTexts>();
        AddSmsProvider(builder, sms.Gateway);

        builder.AddMessageBus("notification", bus =>
        {
            bus.AddConsumer<OtpRequestedConsumer>(typeof(SmsConsumerDefinition<OtpRequestedConsumer>));
            bus.AddConsumer<CalledConsumer>(typeof(SmsConsumerDefinition<CalledConsumer>));
            bus.AddConsumer<TurnApproachingConsumer>(typeof(SmsConsumerDefinition<TurnApproachingConsumer>));
            bus.AddConsumer<TransferredConsumer>(typeof(SmsConsumerDefinition<TransferredConsumer>));
            bus.AddConsumer<RelayedTextsConsumer>();
            bus.AddConsumer<PatientVerifiedConsumer>();
        });
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapNotificationApis(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Services.GetService<DevelopmentOutbox>() is not null)
        {
            app.MapDevSmsApi();
        }

        return app;
    }

    private static void AddSmsProvider(WebApplicationBuilder builder, SmsGatewayOptions gateway)
    {
        if (gateway.Url is not null)
        {
            if (!gateway.Url.IsAbsoluteUri || gateway.Url.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException("Sms:Gateway:Url must be an absolute http(s) address.");
            }

            if (!gateway.BodyTemplate.Contains("{body}", StringComparison.Ordinal) || !gateway.BodyTemplate.Contains("{to", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Sms:Gateway:BodyTemplate must place {body} and {to} (or {to_digits}).");
            }

            builder.Services.AddHttpSmsGateway(gateway);
            return;
        }

        // Codes must never be readable from an open outbox in production.
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No SMS gateway is configured (Sms:Gateway:Url). The development outbox runs only in the Development environment.");
        }

        builder.Services.AddSingleton<DevelopmentOutbox>();
        builder.Services.AddSingleton<ISmsSender>(services => services.GetRequiredService<DevelopmentOutbox>());
    }
}
