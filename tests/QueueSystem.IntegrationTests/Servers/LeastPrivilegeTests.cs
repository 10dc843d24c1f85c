using System.Diagnostics;
using Aspire.Hosting.Testing;
using MySqlConnector;
using QueueSystem.IntegrationTests.Faults;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace QueueSystem.IntegrationTests.Servers;

/// <summary>
/// Someone with an ordinary account on the machine gets nothing from the local servers: each runs as its own
/// unprivileged user, refuses its administrative and anonymous accounts, and keeps its files and the
/// system's secrets to itself; no secret is left in a file outside the secrets folder.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class LeastPrivilegeTests(SystemFixture system)
{
    [Theory]
    [InlineData("postgres", "postgres")]
    [InlineData("mariadb", "mysql")]
    [InlineData("rabbitmq", "rabbitmq")]
    [InlineData("redis", "redis")]
    public void Each_server_runs_as_its_own_unprivileged_user(string resource, string user)
    {
        var listeners = Outages.ListenersOn(PortOf(resource));
        Assert.NotEmpty(listeners);
        foreach (var pid in listeners)
        {
            var uid = File.ReadLines($"/proc/{pid}/status").Single(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
            Assert.Equal(UidOf(user), uid);
        }
    }

    [Fact]
    public async Task An_unprivileged_local_user_cannot_sign_in_to_mariadb_as_root_or_anonymously_nor_reach_its_socket()
    {
        var port = PortOf("mariadb").ToString(System.Globalization.CultureInfo.InvariantCulture);
        var asRoot = await AsNobodyAsync("mariadb", "--no-defaults", "-h127.0.0.1", $"-P{port}", "-uroot", "-e", "SELECT 1");
        var anonymous = await AsNobodyAsync("mariadb", "--no-defaults", "-h127.0.0.1", $"-P{port}", "-u", "", "-e", "SELECT 1");
        var socket = await AsNobodyAsync("mariadb", "--no-defaults", $"--socket={Path.Combine(system.DataDirectory, "mariadb", "mariadb.sock")}", "-uroot", "-e", "SELECT 1");

        Assert.NotEqual(0, asRoot.ExitCode);
        Assert.Contains("Access denied", asRoot.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("Access denied", anonymous.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, socket.ExitCode);
    }

    [Fact]
    public async Task The_display_account_can_use_its_database_only_and_no_files()
    {
        await using var connection = new MySqlConnection(await system.ConnectionString("displaydb"));
        await connection.OpenAsync();
        async Task<MySqlException> RefusedAsync(string sql)
        {
            await using var command = new MySqlCommand(sql, connection);
            return await Assert.ThrowsAsync<MySqlException>(() => command.ExecuteNonQueryAsync());
        }

        await RefusedAsync($"SELECT 'x' INTO OUTFILE '/tmp/qms-{Guid.NewGuid():N}'");
        await RefusedAsync("UPDATE mysql.global_priv SET priv = '{}' WHERE User = 'root'");
        await RefusedAsync("CREATE DATABASE qms_elsewhere");
        await using var loadFile = new MySqlCommand("SELECT LOAD_FILE('/etc/passwd') IS NULL", connection);
        Assert.Equal(1L, Convert.ToInt64(await loadFile.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_unprivileged_local_user_cannot_sign_in_to_postgresql_or_redis_without_the_password()
    {
        var postgres = await AsNobodyAsync("psql", "-w", "-h", "127.0.0.1", "-p", $"{PortOf("postgres")}", "-U", "postgres", "-c", "SELECT 1");
        var redis = await AsNobodyAsync("redis-cli", "-h", "127.0.0.1", "-p", $"{PortOf("redis")}", "PING");

        Assert.NotEqual(0, postgres.ExitCode);
        Assert.Contains("NOAUTH", redis.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RabbitMQ_has_no_guest_account()
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = PortOf("rabbitmq"), UserName = "guest", Password = "guest" };
        await Assert.ThrowsAnyAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync());
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mariadb")]
    [InlineData("rabbitmq")]
    [InlineData("redis")]
    [InlineData("secrets")]
    public async Task An_unprivileged_local_user_cannot_open_a_servers_data_or_the_secrets(string folder)
    {
        var listing = await AsNobodyAsync("ls", Path.Combine(system.DataDirectory, folder));

        Assert.NotEqual(0, listing.ExitCode);
        Assert.Contains("Permission denied", listing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_is_left_in_a_file_outside_the_secrets_folder()
    {
        var secrets = Directory.GetFiles(Path.Combine(system.DataDirectory, "secrets")).Select(File.ReadAllText).Select(s => s.Trim()).ToList();
        Assert.NotEmpty(secrets);
        var patterns = Path.GetTempFileName();
        await File.WriteAllLinesAsync(patterns, secrets);
        try
        {
            var search = await RunAsync("grep", "-rlaF", "-f", patterns, "--exclude-dir=secrets", system.DataDirectory);
            Assert.Equal("", search.Output.Trim());
        }
        finally
        {
            File.Delete(patterns);
        }
    }

    private int PortOf(string resource) => system.App.GetEndpoint(resource, "tcp").Port;

    private static string UidOf(string user) =>
        File.ReadLines("/etc/passwd").Select(line => line.Split(':')).Single(fields => fields[0] == user)[2];

    private static Task<(int ExitCode, string Output)> AsNobodyAsync(params string[] command) =>
        RunAsync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", .. command]);

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
