using Dapper;
using MySqlConnector;

namespace QueueSystem.Display.ReadModels;

/// <summary>
/// Creates the read-model database and tables. They are projections of the event store: when their
/// shape changes (<see cref="Version"/>), they are dropped and created again, and a rebuild refills them.
/// Every row remembers the global event sequence that last changed it, so a repeated or late event changes nothing.
/// <c>tracked_tickets</c> is no projection: the tickets a tracking page has opened, so that only their changes go to tracking groups.
/// Text is utf8mb4 whatever the server's default: names come in every script (and emoji).
/// </summary>
public static class ReadModelSchema
{
    public const int Version = 9;

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS read_model_info (
            id                 TINYINT      NOT NULL PRIMARY KEY,
            version            INT          NOT NULL,
            rebuild_id         CHAR(36)     NULL,
            rebuild_started_at DATETIME(6)  NULL,
            rebuild_events     BIGINT       NULL,
            rebuild_messages   BIGINT       NULL,
            rebuilt_at         DATETIME(6)  NULL
        ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
        CREATE TABLE IF NOT EXISTS rebuild_received (
            message_id         CHAR(36)     NOT NULL PRIMARY KEY
        ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
        CREATE TABLE IF NOT EXISTS counters (
            facility_id        VARCHAR(64)  NOT NULL,
            counter_id         INT          NOT NULL,
            counter_name       VARCHAR(100) NOT NULL,
            service_code       VARCHAR(10)  NOT NULL,
            start_time         CHAR(5)      NOT NULL DEFAULT '00:00',
            end_time           CHAR(5)      NOT NULL DEFAULT '24:00',
            catalog_version    BIGINT       NOT NULL DEFAULT 0,
            status             VARCHAR(16)  NOT NULL DEFAULT 'available',
            status_day         DATE         NULL,
            status_version     BIGINT       NOT NULL DEFAULT 0,
            serving_ticket_id  CHAR(36)     NULL,
            serving_day        DATE         NULL,
            serving_version    BIGINT       NOT NULL DEFAULT 0,
            PRIMARY KEY (facility_id, counter_id)
        ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
        CREATE TABLE IF NOT EXISTS tickets (
            ticket_id     CHAR(36)     NOT NULL PRIMARY KEY,
            facility_id   VARCHAR(64)  NOT NULL,
            service_code  VARCHAR(10)  NOT NULL,
            day           DATE         NOT NULL,
            queue_id      VARCHAR(32)  NULL,
            sequence      INT          NULL,
            patient_id    CHAR(36)     NULL,
            patient_name  VARCHAR(100) NULL,
            tracking_token VARCHAR(64) NULL,
            counter_id    INT          NULL,
            status        VARCHAR(16)  NOT NULL,
            joined_at     DATETIME(6)  NULL,
            called_at     DATETIME(6)  NULL,
            finished_at   DATETIME(6)  NULL,
            version       BIGINT       NOT NULL,
            INDEX ix_tickets_line (facility_id, day, counter_id, status),
            INDEX ix_tickets_patient (patient_id, day),
            INDEX ix_tickets_service (facility_id, day, service_code, status, called_at, finished_at)
        ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
        CREATE TABLE IF NOT EXISTS tracked_tickets (
            ticket_id     CHAR(36)     NOT NULL PRIMARY KEY,
            day           DATE         NOT NULL,
            INDEX ix_tracked_day (day)
        ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
        CREATE TABLE IF NOT EXISTS catalog_events (
            event_id      CHAR(36)     NOT NULL PRIMARY KEY,
            facility_id   VARCHAR(64)  NOT NULL,
            sequence      BIGINT       NOT NULL,
            counter_id    INT          NOT NULL,
            occurred_at   DATETIME(6)  NOT NULL,
            by_whom       VARCHAR(100) NOT NULL
        ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
        CREATE TABLE IF NOT EXISTS ticket_events (
            event_id      CHAR(36)     NOT NULL PRIMARY KEY,
            facility_id   VARCHAR(64)  NOT NULL,
            service_code  VARCHAR(10)  NOT NULL,
            day           DATE         NOT NULL,
            stream_version BIGINT      NOT NULL,
            sequence      BIGINT       NOT NULL,
            type          VARCHAR(32)  NOT NULL,
            ticket_id     CHAR(36)     NULL,
            counter_id    INT          NULL,
            detail        VARCHAR(64)  NULL,
            occurred_at   DATETIME(6)  NOT NULL,
            by_whom       VARCHAR(100) NOT NULL,
            INDEX ix_events_day (facility_id, day, service_code, stream_version)
        ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
        """;

    private static readonly string[] Tables = ["counters", "tickets", "ticket_events", "catalog_events", "rebuild_received", "tracked_tickets", "read_model_info"];

    /// <summary>Not projections: kept through a rebuild (which of today's tickets someone follows by its link).</summary>
    private static readonly string[] Kept = ["read_model_info", "tracked_tickets"];

    public static async Task EnsureCreatedAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        var database = builder.Database;
        builder.Database = "";
        await using (var server = new MySqlConnection(builder.ConnectionString))
        {
            await server.OpenAsync(cancellationToken);
            await server.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS `{database.Replace("`", "``", StringComparison.Ordinal)}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }

        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Two instances starting together must not drop and create at the same time.
        await connection.ExecuteScalarAsync("SELECT GET_LOCK('qms_read_model_schema', 60)");
        var tables = (await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")).ToHashSet();
        var existing = tables.Contains("read_model_info") ? await connection.QueryFirstOrDefaultAsync<int?>("SELECT version FROM read_model_info WHERE id = 1") : null;
        if (tables.Count > 0 && existing != Version)
        {
            logger.LogWarning("Read models at version {Found}, this build needs {Version}: dropping and creating them (a rebuild refills them)", existing, Version);
            await DropAsync(connection);
        }

        await connection.ExecuteAsync(CreateTables);
        await connection.ExecuteAsync("INSERT IGNORE INTO read_model_info (id, version) VALUES (1, @Version)", new { Version });
    }

    /// <summary>Empties every read model (the start of a rebuild).</summary>
    public static async Task TruncateAsync(MySqlConnection connection)
    {
        foreach (var table in Tables.Except(Kept))
        {
            await connection.ExecuteAsync($"TRUNCATE TABLE {table}");
        }
    }

    private static async Task DropAsync(MySqlConnection connection)
    {
        foreach (var table in Tables)
        {
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {table}");
        }
    }
}
