using System.Diagnostics;
using System.Globalization;

namespace QueueSystem.AppHost.Infrastructure;

/// <summary>
/// Adds PostgreSQL, MariaDB, RabbitMQ and Redis to the model: as containers where a container runtime
/// answers, otherwise as local processes of the operating system's packages (installed when missing).
/// </summary>
public static class ServerResources
{
    private const string Endpoint = "tcp";
    private const string ServiceAccount = "qms";

    /// <summary>The one MariaDB database the service account may use.</summary>
    public const string DisplayDatabase = "display";

    public static Servers AddServers(this IDistributedApplicationBuilder builder, InfrastructureSettings settings, LocalSecrets secrets)
    {
        var passwords = new Passwords(
            builder.AddParameter("postgres-password", secrets.GetOrCreate("postgres-password"), secret: true),
            builder.AddParameter("mariadb-password", secrets.GetOrCreate("mariadb-password"), secret: true),
            builder.AddParameter("mariadb-root-password", secrets.GetOrCreate("mariadb-root-password"), secret: true),
            builder.AddParameter("rabbitmq-password", secrets.GetOrCreate("rabbitmq-password"), secret: true),
            builder.AddParameter("redis-password", secrets.GetOrCreate("redis-password"), secret: true));

        var resources = settings.UseContainers
            ? AddContainers(builder, passwords)
            : AddLocalProcesses(builder, settings, passwords);

        var servers = new Servers(
            Postgres: new Server(resources.Postgres, ReferenceExpression.Create(
                $"Host={Host(resources.Postgres)};Port={Port(resources.Postgres)};Username=postgres;Password={passwords.Postgres.Resource}")),
            MariaDb: new Server(resources.MariaDb, ReferenceExpression.Create(
                $"Server={Host(resources.MariaDb)};Port={Port(resources.MariaDb)};User ID={ServiceAccount};Password={passwords.MariaDb.Resource}")),
            RabbitMq: new Server(resources.RabbitMq, ReferenceExpression.Create(
                $"amqp://{ServiceAccount}:{passwords.RabbitMq.Resource}@{Host(resources.RabbitMq)}:{Port(resources.RabbitMq)}/")),
            Redis: new Server(resources.Redis, ReferenceExpression.Create(
                $"{Host(resources.Redis)}:{Port(resources.Redis)},password={passwords.Redis.Resource}")));

        ServerReadiness.AddChecks(builder, servers);
        return servers;
    }

    private sealed record Passwords(
        IResourceBuilder<ParameterResource> Postgres,
        IResourceBuilder<ParameterResource> MariaDb,
        IResourceBuilder<ParameterResource> MariaDbRoot,
        IResourceBuilder<ParameterResource> RabbitMq,
        IResourceBuilder<ParameterResource> Redis);

    private sealed record Resources(
        IResourceBuilder<IResourceWithEndpoints> Postgres,
        IResourceBuilder<IResourceWithEndpoints> MariaDb,
        IResourceBuilder<IResourceWithEndpoints> RabbitMq,
        IResourceBuilder<IResourceWithEndpoints> Redis);

    private static EndpointReferenceExpression Host(IResourceBuilder<IResourceWithEndpoints> server) =>
        server.GetEndpoint(Endpoint).Property(EndpointProperty.IPV4Host);

    private static EndpointReferenceExpression Port(IResourceBuilder<IResourceWithEndpoints> server) =>
        server.GetEndpoint(Endpoint).Property(EndpointProperty.Port);

    private static Resources AddContainers(IDistributedApplicationBuilder builder, Passwords passwords) => new(
        builder.AddContainer("postgres", "postgres", "17")
            .WithEndpoint(targetPort: 5432, name: Endpoint, scheme: Endpoint)
            .WithEnvironment("POSTGRES_PASSWORD", passwords.Postgres)
            .WithVolume("qms-postgres", "/var/lib/postgresql/data"),
        builder.AddContainer("mariadb", "mariadb", "11")
            .WithEndpoint(targetPort: 3306, name: Endpoint, scheme: Endpoint)
            .WithEnvironment("MARIADB_USER", ServiceAccount)
            .WithEnvironment("MARIADB_PASSWORD", passwords.MariaDb)
            .WithEnvironment("MARIADB_ROOT_PASSWORD", passwords.MariaDbRoot)
            .WithEnvironment("MARIADB_ROOT_HOST", "localhost") // root only from inside the container, never over the network
            .WithEnvironment("MARIADB_DATABASE", DisplayDatabase)
            .WithArgs("--innodb-flush-log-at-trx-commit=2", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci")
            .WithVolume("qms-mariadb", "/var/lib/mysql"),
        builder.AddContainer("rabbitmq", "rabbitmq", "3.13")
            .WithEndpoint(targetPort: 5672, name: Endpoint, scheme: Endpoint)
            .WithEnvironment("RABBITMQ_DEFAULT_USER", ServiceAccount)
            .WithEnvironment("RABBITMQ_DEFAULT_PASS", passwords.RabbitMq)
            .WithVolume("qms-rabbitmq", "/var/lib/rabbitmq"),
        builder.AddContainer("redis", "redis", "7")
            .WithEndpoint(targetPort: 6379, name: Endpoint, scheme: Endpoint)
            .WithArgs("--save", "", "--appendonly", "no", "--requirepass", passwords.Redis.Resource));

    private static Resources AddLocalProcesses(IDistributedApplicationBuilder builder, InfrastructureSettings settings, Passwords passwords)
    {
        var scripts = Path.Combine(builder.AppHostDirectory, "infra");
        InstallMissingPackages(scripts);

        IResourceBuilder<ExecutableResource> Local(string name, int port) =>
            builder.AddExecutable(name, "bash", scripts, Path.Combine(scripts, $"{name}.sh"))
                .WithEnvironment("DATA_DIR", Path.Combine(settings.DataDirectory, name))
                .WithEnvironment("PORT", (port + settings.PortOffset).ToString(CultureInfo.InvariantCulture))
                .WithEndpoint(port: port + settings.PortOffset, name: Endpoint, scheme: Endpoint, isProxied: false);

        return new Resources(
            Local("postgres", 25432)
                .WithEnvironment("PASSWORD", passwords.Postgres),
            Local("mariadb", 25306)
                .WithEnvironment("USER_NAME", ServiceAccount)
                .WithEnvironment("PASSWORD", passwords.MariaDb)
                .WithEnvironment("DATABASE", DisplayDatabase),
            Local("rabbitmq", 25672)
                .WithEnvironment("USER_NAME", ServiceAccount)
                .WithEnvironment("PASSWORD", passwords.RabbitMq),
            Local("redis", 25379)
                .WithEnvironment("PASSWORD", passwords.Redis));
    }

    /// <summary>Installs the Debian server packages that are missing (as root), before anything starts.</summary>
    private static void InstallMissingPackages(string scripts)
    {
        using var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(scripts, "install-servers.sh")]))
            ?? throw new InvalidOperationException("Could not run install-servers.sh.");
        install.WaitForExit();
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("The server packages are missing and could not be installed; see the message above.");
        }
    }
}
