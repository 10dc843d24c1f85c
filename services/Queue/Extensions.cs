using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using QueueSystem.Queue.Apis;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using QueueSystem.Queue.Relay;

namespace QueueSystem.Queue;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section);
        builder.Services.AddSingleton<ServiceCatalog>();
        builder.Services.AddSingleton<DayStates>();
        builder.Services.AddSingleton<DayCommands>();
        builder.Services.AddSingleton<TicketViews>();
        builder.Services.AddSingleton<TicketIssue>();
        builder.Services.AddSingleton<WalkInPatients>();
        builder.Services.AddKioskAuthentication();
        builder.Services.AddSingleton<ContractMapper>();
        builder.Services.AddSingleton<ReadModelReplay>();
        builder.Services.AddSingleton<ReadSideWait>();
        builder.Services.AddHostedService<StoredAnswerCleanup>();

        builder.AddDocumentStore("queuedb", "queue", options =>
            {
                options.Events.StreamIdentity = StreamIdentity.AsString;
                // Wake the relay on every append instead of waiting for its next poll, and poll often
                // as a backstop: screens must show a call well within a second.
                options.Events.UseListenNotifyForEventAppends = true;
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(200);
                // A stored event that cannot be read must stop the relay, never be skipped.
                options.Projections.Errors.SkipUnknownEvents = false;
                options.Projections.Errors.SkipSerializationErrors = false;
                // The catalog as an older version stored it, carried into the catalog stream on the first start.
                options.Schema.For<StoredService>().Identity(s => s.Code).DocumentAlias("service");
                options.Schema.For<StoredCounter>().DocumentAlias("counter");
                options.Schema.For<StoredAnswer>().DocumentAlias("idempotent_answer");
            })
            .AddSubscriptionWithServices<EventRelay>(ServiceLifetime.Singleton)
            .AddAsyncDaemon(DaemonMode.HotCold);

        // After the store, so the catalog loads from a database that exists.
        builder.Services.AddSingleton<CatalogStore>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CatalogStore>());
        builder.Services.AddHealthChecks().AddCheck<CatalogStore>("catalog", tags: ["ready"]);
        builder.AddMessageBus("queue");
        builder.Services.AddOpenApi(options => options.DescribeIdempotencyKey());
        return builder;
    }

    public static WebApplication MapQueueApis(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapJoinApi();
        app.MapPatientQueueApi();
        app.MapStaffApi();
        app.MapTicketHistoryApi();
        app.MapCatalogAdminApi();
        app.MapCategoriesApi();
        app.MapTransferApi();
        app.MapWalkInApi();
        app.MapKiosksApi();
        app.MapTrackingApi();
        app.MapReadModelReplayApi();
        return app;
    }
}
