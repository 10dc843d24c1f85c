using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using QueueSystem.Queue.Apis;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;
using QueueSystem.Queue.Relay;

namespace QueueSystem.Queue;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var eventStore = builder.Configuration.GetConnectionString("queuedb")
            ?? throw new InvalidOperationException("Connection string 'queuedb' (PostgreSQL) is not configured.");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<CatalogOptions>(builder.Configuration.GetSection(CatalogOptions.Section));
        builder.Services.AddSingleton<ServiceCatalog>();

        builder.Services.AddMarten(options =>
            {
                options.Connection(eventStore);
                options.DatabaseSchemaName = "queue";
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.CreateDatabasesForTenants(databases =>
                    databases.MaintenanceDatabase(MaintenanceDatabase(eventStore)).ForTenant().CheckAgainstPgDatabase());
                options.Events.StreamIdentity = StreamIdentity.AsString;
                // Wake the relay on every append instead of waiting for its next poll.
                options.Events.UseListenNotifyForEventAppends = true;
                // A stored event that cannot be read must stop the relay, never be skipped.
                options.Projections.Errors.SkipUnknownEvents = false;
                options.Projections.Errors.SkipSerializationErrors = false;
                options.Projections.Add<QueueDayProjection>(ProjectionLifecycle.Inline);
            })
            .AddSubscriptionWithServices<EventRelay>(ServiceLifetime.Singleton)
            .AddAsyncDaemon(DaemonMode.HotCold)
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();

        builder.Services.AddHealthChecks().AddNpgSql(eventStore, name: "postgres", tags: ["ready"]);
        builder.AddMessageBus("queue");
        builder.Services.AddOpenApi();
        return builder;
    }

    private static string MaintenanceDatabase(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString;

    public static WebApplication MapQueueApis(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapJoinApi();
        return app;
    }
}
