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
    /// <summary>Gives a project the connection string <paramref name="name"/> and starts it only once the server is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithConnection(
        this IResourceBuilder<ProjectResource> project, string name, Server server, ReferenceExpression? connectionString = null) =>
        project
            .WithEnvironment($"ConnectionStrings__{name}", connectionString ?? server.ConnectionString)
            .WaitFor(server.Resource);
}
