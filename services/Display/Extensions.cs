using MySqlConnector;
using QueueSystem.Display.Consumers;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;
using QueueSystem.Display.Reports;
using StackExchange.Redis;

namespace QueueSystem.Display;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var readModels = builder.Configuration.GetConnectionString("displaydb")
            ?? throw new InvalidOperationException("Connection string 'displaydb' (MySQL) is not configured.");
        var redisConnection = builder.Configuration.GetConnectionString("backplane")
            ?? throw new InvalidOperationException("Connection string 'backplane' (Redis) is not configured.");

        builder.Services.AddOptions<DisplayOptions>().BindConfiguration(DisplayOptions.Section);
        builder.Services.AddSingleton(new MySqlDataSource(readModels));
        builder.Services.AddHostedService<ReadModelInitializer>();
        builder.Services.AddSingleton<DisplayStore>();
        builder.Services.AddSingleton<ReadModelWriter>();
        builder.Services.AddSingleton<BoardQueries>();
        builder.Services.AddSingleton<LivePush>();
        builder.Services.AddSingleton<ScreenLag>();
        builder.Services.AddSingleton<TicketUpdates>();
        builder.Services.AddSingleton<TrackingLinks>();
        builder.Services.AddSingleton<EventBatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EventBatcher>());

        var redisOptions = ConfigurationOptions.Parse(redisConnection);
        redisOptions.AbortOnConnectFail = false;
        // Its reads and writes on the .NET thread pool rather than on a pool of its own that spins for work (dotnet-trace:
        // a sixth of Display's CPU under joins was that pool's threads waiting and handing over).
        redisOptions.SocketManager = SocketManager.ThreadPool;
        var redis = ConnectionMultiplexer.Connect(redisOptions);
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddSignalR()
            .AddJsonProtocol(json => json.PayloadSerializerOptions.PropertyNamingPolicy = LiveJson.Options.PropertyNamingPolicy)
            .AddStackExchangeRedis(options =>
            {
                options.Configuration.ChannelPrefix = RedisChannel.Literal("qms:signalr");
                options.ConnectionFactory = _ => Task.FromResult<IConnectionMultiplexer>(redis);
            });
        builder.Services.AddSingleton<SocketHub>();
        builder.Services.AddSingleton<LiveBroadcaster>();
        builder.Services.AddHostedService<SocketFrameSubscriber>();
        builder.Services.AddHostedService<TicketUpdateSubscriber>();
        builder.Services.AddSingleton<HubConnections>();
        builder.Services.AddHostedService<BackplaneWatch>();

        builder.Services.AddHealthChecks()
            .AddCheck<MySqlHealthCheck>("mariadb", tags: ["ready"])
            .AddRedis(redis, name: "redis", tags: ["ready"]);
        builder.AddMessageBus("display", bus => bus.AddConsumer<QueueEventsConsumer>(typeof(QueueEventsConsumerDefinition)));
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapDisplayApis(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.MapOpenApi();
        app.MapLiveApi();
        app.MapReportsApi();
        app.MapAppliedEventsApi();
        return app;
    }
}
