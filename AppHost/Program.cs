using QueueSystem.AppHost;
using QueueSystem.AppHost.Infrastructure;

LocalDefaults.Apply();
var builder = DistributedApplication.CreateBuilder(args);
var servers = builder.AddServers(InfrastructureSettings.From(builder.Configuration, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."))));

var queueDb = builder.AddConnection("queuedb", servers.Postgres.Database("queue"));
var notificationDb = builder.AddConnection("notificationdb", servers.Postgres.Database("notification"));
var displayDb = builder.AddConnection("displaydb", servers.MariaDb.Database("display"));
var messageBus = builder.AddConnection("messagebus", servers.RabbitMq.ConnectionString);
var backplane = builder.AddConnection("backplane", servers.Redis.ConnectionString);

var identity = builder.AddProject<Projects.Identity>("identity")
    .WithConnection(messageBus, servers.RabbitMq)
    .WithHttpHealthCheck("/health");

var queue = builder.AddProject<Projects.Queue>("queue")
    .WithConnection(queueDb, servers.Postgres)
    .WithConnection(messageBus, servers.RabbitMq)
    .WithHttpHealthCheck("/health");

var notification = builder.AddProject<Projects.Notification>("notification")
    .WithConnection(notificationDb, servers.Postgres)
    .WithConnection(messageBus, servers.RabbitMq)
    .WithHttpHealthCheck("/health");

var display = builder.AddProject<Projects.Display>("display")
    .WithConnection(displayDb, servers.MariaDb)
    .WithConnection(messageBus, servers.RabbitMq)
    .WithConnection(backplane, servers.Redis)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Gateway>("gateway")
    .WithEndpoint("http", endpoint => endpoint.Port = LocalDefaults.GatewayPort(builder.Configuration))
    .WithExternalHttpEndpoints()
    .WithReference(identity).WaitFor(identity)
    .WithReference(queue).WaitFor(queue)
    .WithReference(notification).WaitFor(notification)
    .WithReference(display).WaitFor(display)
    .WithHttpHealthCheck("/health")
    .AnnounceWhenReady(LocalDefaults.DashboardUrl);

builder.Build().Run();
