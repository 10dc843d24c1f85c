using JasperFx;
using Marten;
using QueueSystem.Notification.Apis;
using QueueSystem.Notification.Consumers;
using QueueSystem.Notification.Sending;

namespace QueueSystem.Notification;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetConnectionString("notificationdb")
            ?? throw new InvalidOperationException("Connection string 'notificationdb' (PostgreSQL) is not configured.");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMarten(options =>
            {
                options.Connection(database);
                options.DatabaseSchemaName = "notification";
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.CreateDatabasesForTenants(databases => databases
                    .MaintenanceDatabase(new Npgsql.NpgsqlConnectionStringBuilder(database) { Database = "postgres" }.ConnectionString)
                    .ForTenant().CheckAgainstPgDatabase());
                options.Schema.For<SmsMessage>().Index(m => m.To);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();

        // Codes must never be readable from an open outbox in production.
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No SMS gateway is configured. The development outbox runs only in the Development environment.");
        }

        builder.Services.AddSingleton<DevelopmentOutbox>();
        builder.Services.AddSingleton<ISmsSender>(services => services.GetRequiredService<DevelopmentOutbox>());

        builder.Services.AddHealthChecks().AddNpgSql(database, name: "postgres", tags: ["ready"]);
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
