namespace QueueSystem.AppHost.Infrastructure;

/// <summary>
/// A server the services depend on, however it runs (container or local process): the resource to
/// wait for and the connection string that reaches it.
/// </summary>
public sealed record Server(IResourceBuilder<IResource> Resource, ReferenceExpression ConnectionString)
{
    /// <summary>The connection string of one database on this server (PostgreSQL, MySQL).</summary>
    public ReferenceExpression Database(string name) => ReferenceExpression.Create($"{ConnectionString};Database={name}");
}

/// <summary>Every server of the system.</summary>
public sealed record Servers(Server Postgres, Server MariaDb, Server RabbitMq, Server Redis);

public static class ServerReferences
{
    /// <summary>A named connection string to a server, shown in the dashboard and readable by tests.</summary>
    public static IResourceBuilder<ConnectionStringResource> AddConnection(
        this IDistributedApplicationBuilder builder, string name, ReferenceExpression connectionString) =>
        builder.AddConnectionString(name, connectionString);

    /// <summary>Gives a project a connection string and starts it only once the server behind it is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithConnection(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<ConnectionStringResource> connection, Server server) =>
        project.WithReference(connection).WaitFor(server.Resource);
}
