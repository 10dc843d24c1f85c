using Dapper;
using MySqlConnector;
using QueueSystem.Contracts;

namespace QueueSystem.Display.ReadModels;

/// <summary>What a screen shows of one counter (a row of the counters read model).</summary>
public sealed record CounterBoard
{
    public int CounterId { get; init; }

    public string CounterName { get; init; } = "";

    public string ServiceCode { get; init; } = "";

    public string Status { get; init; } = "";

    public string? ServingQueueId { get; init; }

    public string? ServingPatientName { get; init; }

    public long QueueLength { get; init; }
}

/// <summary>
/// Dapper access to the display read models. Every write is guarded by the stream version, so a
/// redelivered or late event changes nothing.
/// </summary>
public sealed class DisplayStore(MySqlDataSource dataSource)
{
    private const string UpsertCounter = """
        INSERT INTO counters (facility_id, counter_id, counter_name, service_code, version)
        VALUES (@FacilityId, @CounterId, @CounterName, @ServiceCode, @Version)
        ON DUPLICATE KEY UPDATE
            counter_name = IF(VALUES(version) > version, VALUES(counter_name), counter_name),
            service_code = IF(VALUES(version) > version, VALUES(service_code), service_code),
            version      = GREATEST(version, VALUES(version));
        """;

    private const string UpsertTicket = """
        INSERT INTO tickets (ticket_id, facility_id, service_code, day, queue_id, sequence, patient_name, counter_id, status, joined_at, version)
        VALUES (@TicketId, @FacilityId, @ServiceCode, @Day, @QueueId, @Sequence, @PatientName, @CounterId, @Status, @JoinedAt, @Version)
        ON DUPLICATE KEY UPDATE
            counter_id = IF(VALUES(version) > version, VALUES(counter_id), counter_id),
            status     = IF(VALUES(version) > version, VALUES(status), status),
            version    = GREATEST(version, VALUES(version));
        """;

    private const string SelectBoards = """
        SELECT c.counter_id AS CounterId, c.counter_name AS CounterName, c.service_code AS ServiceCode, c.status AS Status,
               NULL AS ServingQueueId, NULL AS ServingPatientName,
               (SELECT COUNT(*) FROM tickets t
                 WHERE t.facility_id = c.facility_id AND t.counter_id = c.counter_id
                   AND t.day = @Day AND t.status = 'waiting') AS QueueLength
        FROM counters c
        WHERE c.facility_id = @FacilityId
          AND (@ServiceCode IS NULL OR c.service_code = @ServiceCode)
          AND (@CounterId IS NULL OR c.counter_id = @CounterId)
        ORDER BY c.counter_id;
        """;

    public async Task ApplyAsync(JoinedQueue joined, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var version = joined.Envelope.StreamVersion;
        if (joined.CounterId is { } counterId)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpsertCounter, new
            {
                joined.FacilityId,
                CounterId = counterId,
                CounterName = joined.CounterName ?? $"Counter {counterId}",
                joined.ServiceCode,
                Version = version,
            }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(UpsertTicket, new
        {
            TicketId = joined.TicketId.ToString(),
            joined.FacilityId,
            joined.ServiceCode,
            Day = joined.Day.ToDateTime(TimeOnly.MinValue),
            joined.QueueId,
            joined.Sequence,
            joined.PatientName,
            joined.CounterId,
            Status = "waiting",
            JoinedAt = joined.JoinedAt.UtcDateTime,
            Version = version,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CounterBoard>> BoardsAsync(
        string facilityId, DateOnly day, string? serviceCode, int? counterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CounterBoard>(new CommandDefinition(SelectBoards, new
        {
            FacilityId = facilityId,
            Day = day.ToDateTime(TimeOnly.MinValue),
            ServiceCode = serviceCode,
            CounterId = counterId,
        }, cancellationToken: cancellationToken));
        return [.. rows];
    }
}
