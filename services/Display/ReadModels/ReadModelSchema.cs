using MySqlConnector;

namespace QueueSystem.Display.ReadModels;

/// <summary>
/// Creates the read-model database and tables when missing. They are projections of the event store:
/// dropping them loses nothing that a replay cannot rebuild.
/// </summary>
public static class ReadModelSchema
{
    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS counters (
            facility_id   VARCHAR(64)  NOT NULL,
            counter_id    INT          NOT NULL,
            counter_name  VARCHAR(100) NOT NULL,
            service_code  VARCHAR(10)  NOT NULL,
            status        VARCHAR(16)  NOT NULL DEFAULT 'available',
            version       BIGINT       NOT NULL,
            PRIMARY KEY (facility_id, counter_id)
        );
        CREATE TABLE IF NOT EXISTS tickets (
            ticket_id     CHAR(36)     NOT NULL PRIMARY KEY,
            facility_id   VARCHAR(64)  NOT NULL,
            service_code  VARCHAR(10)  NOT NULL,
            day           DATE         NOT NULL,
            queue_id      VARCHAR(32)  NOT NULL,
            sequence      INT          NOT NULL,
            patient_name  VARCHAR(100) NOT NULL,
            counter_id    INT          NULL,
            status        VARCHAR(16)  NOT NULL,
            joined_at     DATETIME(6)  NOT NULL,
            version       BIGINT       NOT NULL,
            INDEX ix_tickets_counter (facility_id, counter_id, day, status)
        );
        """;

    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        var database = builder.Database;
        builder.Database = "";
        await using (var server = new MySqlConnection(builder.ConnectionString))
        {
            await server.OpenAsync(cancellationToken);
            await using var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{database.Replace("`", "``", StringComparison.Ordinal)}`", server);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(CreateTables, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
