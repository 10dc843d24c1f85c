using QueueSystem.AppHost;
using QueueSystem.AppHost.Infrastructure;

LocalDefaults.Apply();
var builder = DistributedApplication.CreateBuilder(args);
var settings = InfrastructureSettings.From(builder.Configuration, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..")));
var secrets = new LocalSecrets(settings.DataDirectory);
var servers = builder.AddServers(settings, secrets);
var keys = new SystemKeys(
    builder.AddParameter("token-signing-key", secrets.GetOrCreate("token-signing-key", 48), secret: true),
    builder.AddParameter("service-key", secrets.GetOrCreate("service-key", 48), secret: true));

var identityDb = builder.AddConnection("identitydb", servers.Postgres.Database("identity"));
var queueDb = builder.AddConnection("queuedb", servers.Postgres.Database("queue"));
var notificationDb = builder.AddConnection("notificationdb", servers.Postgres.Database("notification"));
var displayDb = builder.AddConnection("displaydb", servers.MariaDb.Database(ServerResources.DisplayDatabase));
var messageBus = builder.AddConnection("messagebus", servers.RabbitMq.ConnectionString);
var backplane = builder.AddConnection("backplane", servers.Redis.ConnectionString);

var identity = builder.AddProject<Projects.Identity>("identity")
    .WithDirectEndpoint(settings, 0)
    .WithConnection(identityDb, servers.Postgres)
    .WithConnection(messageBus, servers.RabbitMq)
    .WithEnvironment("Identity__Otp__HashKey", builder.AddParameter("otp-hash-key", secrets.GetOrCreate("otp-hash-key", 48), secret: true))
    .WithFirstAdminPassword(builder)
    .WithTokens(keys)
    .WithHttpHealthCheck("/health");

var queue = builder.AddProject<Projects.Queue>("queue")
    .WithDirectEndpoint(settings, 1)
    .WithConnection(queueDb, servers.Postgres)
    .WithConnection(messageBus, servers.RabbitMq)
    .WithTokens(keys, identity)
    .WithReminderPosition(builder)
    .WithFacilityName(builder)
    .WithHttpHealthCheck("/health");

var notification = builder.AddProject<Projects.Notification>("notification")
    .WithDirectEndpoint(settings, 2)
    .WithConnection(notificationDb, servers.Postgres)
    .WithConnection(messageBus, servers.RabbitMq)
    .WithTokens(keys, identity)
    .WithSmsSettings(builder)
    .WithHttpHealthCheck("/health");

// Two Display instances: one applies the events (single active consumer), both serve screens, fed through Redis.
IResourceBuilder<ProjectResource> AddDisplay(string name, int index) => builder.AddProject<Projects.Display>(name)
    .WithDirectEndpoint(settings, index)
    .WithConnection(displayDb, servers.MariaDb)
    .WithConnection(messageBus, servers.RabbitMq)
    .WithConnection(backplane, servers.Redis)
    .WithTokens(keys, identity)
    .WithHttpHealthCheck("/health");
var display = AddDisplay("display", 3);
var secondDisplay = AddDisplay("display-2", 4);
// An admin's change to a counter is answered once Display holds it (read-your-writes for the screens).
queue.WithReference(display);

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithEndpoint("http", endpoint =>
    {
        endpoint.Port = LocalDefaults.GatewayPort(builder.Configuration);
        // Clients connect to the gateway itself, so it sees their real addresses for its rate limits.
        endpoint.IsProxied = false;
    })
    .WithExternalHttpEndpoints()
    .WithTokens(keys)
    .WithAbuseLimits(builder)
    .WithOverloadLimit(builder)
    .WithPublicUrl(builder)
    .WithReference(identity).WaitFor(identity)
    .WithReference(queue).WaitFor(queue)
    .WithReference(notification).WaitFor(notification)
    .WithReference(display).WaitFor(display)
    .WithReference(secondDisplay).WaitFor(secondDisplay)
    .WithHttpHealthCheck("/health")
    .AnnounceWhenReady();
queue.WithTrackingLinks(builder, gateway);

ServiceTelemetry.ApplyToEveryService(builder);
builder.Build().Run();
