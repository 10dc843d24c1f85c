using Dapper;
using MySqlConnector;

namespace QueueSystem.Display.ReadModels;

/// <summary>What a screen shows of one counter, read from the counters and tickets read models.</summary>
public sealed record CounterBoard
{
    public int CounterId { get; init; }

    public string CounterName { get; init; } = "";

    public string ServiceCode { get; init; } = "";

    /// <summary>available, busy or break, as staff set it today.</summary>
    public string Status { get; init; } = "";

    public string StartTime { get; init; } = "00:00";

    public string EndTime { get; init; } = "24:00";

    public string? ServingQueueId { get; init; }

    public string? ServingPatientName { get; init; }

    public long QueueLength { get; init; }
}

/// <summary>A ticket as the read models hold it.</summary>
public sealed record TicketRow
{
    public Guid TicketId { get; init; }

    public string? QueueId { get; init; }

    public string ServiceCode { get; init; } = "";

    public Guid? PatientId { get; init; }

    public string? PatientName { get; init; }

    public int? CounterId { get; init; }

    public string Status { get; init; } = "";
}

/// <summary>A ticket with what its patient sees: place in line, the counter's name and whether someone is being served there.</summary>
public sealed record PatientTicketRow
{
    public Guid TicketId { get; init; }

    public string? QueueId { get; init; }

    public string ServiceCode { get; init; } = "";

    public Guid? PatientId { get; init; }

    public string? PatientName { get; init; }

    public int? CounterId { get; init; }

    public string? CounterName { get; init; }

    public string Status { get; init; } = "";

    public long? Position { get; init; }

    public bool CounterBusy { get; init; }

    public DateTime? JoinedAt { get; init; }

    public DateTime? CalledAt { get; init; }

    public DateTime? FinishedAt { get; init; }

    public double? ServiceSeconds { get; init; }
}

/// <summary>A waiting line: a counter's, or (no counter) the service's pool.</summary>
public sealed record LineOf(string ServiceCode, int? CounterId);

/// <summary>Reads of the display read models (Dapper).</summary>
public sealed class DisplayStore(MySqlDataSource dataSource)
{
    private const string SelectBoards = """
        SELECT c.counter_id AS CounterId, c.counter_name AS CounterName, c.service_code AS ServiceCode,
               IF(c.status_day = @Day, c.status, 'available') AS Status, c.start_time AS StartTime, c.end_time AS EndTime,
               t.queue_id AS ServingQueueId, t.patient_name AS ServingPatientName,
               (SELECT COUNT(*) FROM tickets w
                 WHERE w.facility_id = c.facility_id AND w.day = @Day AND w.counter_id = c.counter_id AND w.status = 'waiting') AS QueueLength
        FROM counters c
        LEFT JOIN tickets t ON c.serving_day = @Day AND t.ticket_id = c.serving_ticket_id
        WHERE c.facility_id = @FacilityId
          AND (@ServiceCode IS NULL OR c.service_code = @ServiceCode)
          AND (@AllCounters OR c.counter_id IN @CounterIds)
        ORDER BY c.counter_id;
        """;

    private const string SelectTicket = """
        SELECT ticket_id AS TicketId, queue_id AS QueueId, service_code AS ServiceCode, patient_id AS PatientId,
               patient_name AS PatientName, counter_id AS CounterId, status AS Status
        FROM tickets WHERE ticket_id IN @TicketIds;
        """;

    private const string PatientTicketColumns = """
        t.ticket_id AS TicketId, t.queue_id AS QueueId, t.service_code AS ServiceCode, t.patient_id AS PatientId,
        t.patient_name AS PatientName, t.counter_id AS CounterId, c.counter_name AS CounterName, t.status AS Status,
        (c.serving_day = t.day AND c.serving_ticket_id IS NOT NULL) AS CounterBusy,
        t.joined_at AS JoinedAt, t.called_at AS CalledAt, t.finished_at AS FinishedAt
        """;

    // A line is the waiting tickets of one counter (or of a service's pool), by line key, then arrival.
    // A changed ticket's own place counts those before it; the lines that moved are numbered in one pass each.
    private const string SelectPatientTickets = $"""
        SELECT {PatientTicketColumns},
               IF(t.status = 'waiting',
                  (SELECT COUNT(*) FROM tickets w
                    WHERE w.facility_id = t.facility_id AND w.day = t.day AND w.service_code = t.service_code AND w.status = 'waiting'
                      AND w.counter_id <=> t.counter_id
                      AND (w.line_key < t.line_key OR (w.line_key = t.line_key AND w.sequence < t.sequence))) + 1,
                  NULL) AS Position
        FROM tickets t
        LEFT JOIN counters c ON c.facility_id = t.facility_id AND c.counter_id = t.counter_id
        WHERE t.ticket_id IN @TicketIds;

        SELECT {PatientTicketColumns},
               ROW_NUMBER() OVER (PARTITION BY t.service_code, t.counter_id ORDER BY t.line_key, t.sequence) AS Position
        FROM tickets t
        LEFT JOIN counters c ON c.facility_id = t.facility_id AND c.counter_id = t.counter_id
        WHERE t.facility_id = @FacilityId AND t.day = @Day AND t.status = 'waiting'
          AND (t.counter_id IN @CounterIds OR (t.counter_id IS NULL AND t.service_code IN @PoolServices));

        SELECT service_code AS ServiceCode, AVG(TIMESTAMPDIFF(SECOND, called_at, finished_at)) AS Seconds FROM tickets
        WHERE facility_id = @FacilityId AND day = @Day AND service_code IN @Services AND status = 'served'
          AND called_at IS NOT NULL AND finished_at IS NOT NULL
        GROUP BY service_code;
        """;

    /// <summary>
    /// Tickets of one day and every waiting ticket of the lines that moved, as their patients see them, each
    /// with its service's average service time today (of the services named). A line is a counter, or a service's pool (no counter).
    /// </summary>
    public async Task<IReadOnlyList<PatientTicketRow>> PatientTicketsAsync(
        string facilityId, DateOnly day, IReadOnlyCollection<string> services, IReadOnlyCollection<Guid> ticketIds, IReadOnlyCollection<LineOf> linesMoved,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counterIds = linesMoved.Select(line => line.CounterId).OfType<int>().Distinct().ToArray();
        var poolServices = linesMoved.Where(line => line.CounterId is null).Select(line => line.ServiceCode).Distinct().ToArray();
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(SelectPatientTickets, new
        {
            FacilityId = facilityId,
            Day = day.ToDateTime(TimeOnly.MinValue),
            TicketIds = ticketIds.Count == 0 ? [""] : ticketIds.Select(id => id.ToString()).ToArray(),
            CounterIds = counterIds.Length == 0 ? [-1] : counterIds,
            PoolServices = poolServices.Length == 0 ? [""] : poolServices,
            Services = services.Count == 0 ? [""] : services.ToArray(),
        }, cancellationToken: cancellationToken));
        var tickets = (await results.ReadAsync<PatientTicketRow>()).ToList();
        var moved = await results.ReadAsync<PatientTicketRow>();
        var serviceSeconds = (await results.ReadAsync<(string ServiceCode, double? Seconds)>()).ToDictionary(row => row.ServiceCode, row => row.Seconds);
        var changed = tickets.Select(row => row.TicketId).ToHashSet();
        return [.. tickets.Concat(moved.Where(row => !changed.Contains(row.TicketId)))
            .Where(row => row.PatientId is not null)
            .Select(row => row with { ServiceSeconds = serviceSeconds.GetValueOrDefault(row.ServiceCode) })];
    }

    private const string SelectHistory = """
        SELECT service_code AS ServiceCode, stream_version AS StreamVersion, type AS Type, ticket_id AS TicketId,
               counter_id AS CounterId, occurred_at AS OccurredAt
        FROM ticket_events
        WHERE facility_id = @FacilityId AND day = @Day AND (@ServiceCode IS NULL OR service_code = @ServiceCode)
        ORDER BY service_code, stream_version;
        """;

    private sealed record HistoryRow(string ServiceCode, long StreamVersion, string Type, Guid? TicketId, int? CounterId, DateTime OccurredAt);

    /// <summary>The day's history of a facility (or of one service), in each stream's order.</summary>
    public async Task<IReadOnlyList<Reports.HistoryEvent>> HistoryAsync(string facilityId, DateOnly day, string? serviceCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(SelectHistory, new
        {
            FacilityId = facilityId,
            Day = day.ToDateTime(TimeOnly.MinValue),
            ServiceCode = serviceCode,
        }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Reports.HistoryEvent(r.ServiceCode, r.StreamVersion, r.Type, r.TicketId, r.CounterId, new DateTimeOffset(DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc))))];
    }

    /// <summary>The boards of a facility's counters: of one service or all (null), of the counters named or all (null).</summary>
    public async Task<IReadOnlyList<CounterBoard>> BoardsAsync(
        string facilityId, DateOnly day, string? serviceCode, IReadOnlyCollection<int>? counterIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CounterBoard>(new CommandDefinition(SelectBoards, new
        {
            FacilityId = facilityId,
            Day = day.ToDateTime(TimeOnly.MinValue),
            ServiceCode = serviceCode,
            AllCounters = counterIds is null,
            CounterIds = counterIds is null or { Count: 0 } ? [-1] : counterIds.ToArray(),
        }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    public async Task<IReadOnlyDictionary<Guid, TicketRow>> TicketsAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken)
    {
        if (ticketIds.Count == 0)
        {
            return new Dictionary<Guid, TicketRow>();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TicketRow>(new CommandDefinition(
            SelectTicket, new { TicketIds = ticketIds.Select(id => id.ToString()).ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.TicketId);
    }
}
