using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// The whole system, started once for every test through the AppHost: real PostgreSQL, MariaDB,
/// RabbitMQ and Redis, the four services and the gateway. Its servers use their own ports and data
/// folder (wiped first), so a developer's running system is left alone.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    public const string AdminPassword = "Admin-Otter-Quilt-93";

    /// <summary>Sign-in requests per minute per client address: above what the whole suite makes from one address.</summary>
    public const int SignInRateLimit = 600;

    /// <summary>Live connections one client address may hold: small, so that a test reaches it quickly.</summary>
    public const int LiveConnectionsPerAddress = 40;

    /// <summary>Joins and cancels one patient may send per minute.</summary>
    public const int PatientCommandsPerMinute = 30;

    /// <summary>
    /// Requests one client address may have running or waiting at the gateway: the suite is one address acting as
    /// hundreds of patients at once (200 parallel joins), as no real client does.
    /// </summary>
    public const int RequestsPerClient = 1024;

    private DistributedApplication? app;

    /// <summary>The key the system signs tokens with, to forge tokens the system must refuse.</summary>
    public string SigningKey { get; private set; } = "";

    private string secretsDirectory = "";

    /// <summary>Where this run's servers keep their data and the AppHost its generated secrets.</summary>
    public string DataDirectory { get; private set; } = "";

    /// <summary>A secret the AppHost generated for this run, such as a key.</summary>
    public string Secret(string name) => File.ReadAllText(Path.Combine(secretsDirectory, name)).Trim();

    /// <summary>The key the system's own processes present to one another.</summary>
    public string ServiceKey => Secret("service-key");

    public DistributedApplication App => app ?? throw new InvalidOperationException("The system has not started.");

    public Uri Gateway { get; private set; } = null!;

    /// <summary>A client of one service directly, bypassing the gateway.</summary>
    public HttpClient CreateServiceClient(string resource) => new() { BaseAddress = App.GetEndpoint(resource, "http") };

    public HttpClient CreateGatewayClient() => new() { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var solution = FindSolutionDirectory();
        var dataDirectory = Path.Combine(solution, ".data", "test");
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"QMS_DATA_DIR={dataDirectory}", "QMS_INFRA_PORT_OFFSET=1000", "QMS_GATEWAY_PORT=18080", $"QMS_ADMIN_PASSWORD={AdminPassword}",
             $"QMS_SIGNIN_RATE_LIMIT={SignInRateLimit}", $"QMS_LIVE_CONNECTIONS_PER_ADDRESS={LiveConnectionsPerAddress}",
             $"QMS_PATIENT_COMMANDS_PER_MINUTE={PatientCommandsPerMinute}", $"QMS_GATEWAY_REQUESTS_PER_CLIENT={RequestsPerClient}"],
            timeout.Token);
        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        Gateway = app.GetEndpoint("gateway", "http");
        DataDirectory = dataDirectory;
        secretsDirectory = Path.Combine(dataDirectory, "secrets");
        SigningKey = Secret("token-signing-key");
    }

    /// <summary>A connection string of the running system, as its services receive it.</summary>
    public async Task<string> ConnectionString(string name) =>
        await App.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"No connection string '{name}'.");

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static string FindSolutionDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QueueSystem.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("QueueSystem.sln not found above the test binaries.");
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
