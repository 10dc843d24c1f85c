using QueueSystem.AppHost;
using QueueSystem.AppHost.Infrastructure;

LocalDefaults.Apply();
var builder = DistributedApplication.CreateBuilder(args);
var servers = builder.AddServers(InfrastructureSettings.From(builder.Configuration, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."))));

var identity = builder.AddProject<Projects.Identity>("identity")
    .WithConnection("rabbitmq", servers.RabbitMq)
    .WithHttpHealthCheck("/health");

var queue = builder.AddProject<Projects.Queue>("queue")
    .WithConnection("queuedb", servers.Postgres, servers.Postgres.Database("queue"))
    .WithConnection("rabbitmq", servers.RabbitMq)
    .WithHttpHealthCheck("/health");

var notification = builder.AddProject<Projects.Notification>("notification")
    .WithConnection("notificationdb", servers.Postgres, servers.Postgres.Database("notification"))
    .WithConnection("rabbitmq", servers.RabbitMq)
    .WithHttpHealthCheck("/health");

var display = builder.AddProject<Projects.Display>("display")
    .WithConnection("displaydb", servers.MariaDb, servers.MariaDb.Database("display"))
    .WithConnection("rabbitmq", servers.RabbitMq)
    .WithConnection("redis", servers.Redis)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Gateway>("gateway")
    .WithEndpoint("http", endpoint => endpoint.Port = LocalDefaults.GatewayPort(builder.Configuration))
    .WithExternalHttpEndpoints()
    .WithReference(identity).WaitFor(identity)
    .WithReference(queue).WaitFor(queue)
    .WithReference(notification).WaitFor(notification)
    .WithReference(display).WaitFor(display)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
