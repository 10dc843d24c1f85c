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

    /// <summary>Someone opened the ticket's tracking link: its changes go to the link's group too.</summary>
    public bool Tracked { get; init; }
}

/// <summary>A ticket's tracking token as the read models hold it (null for a ticket taken before links existed).</summary>
public sealed record TrackedTicket(string? Token, DateTime Day);

/// <summary>Reads of the display read models (Dapper), and the marks of tickets that tracking pages follow.</summary>
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
               patient_name AS PatientName, counter_id AS CounterId, status AS Status,
               EXISTS (SELECT 1 FROM tracked_tickets k WHERE k.ticket_id = t.ticket_id) AS Tracked
        FROM tickets t WHERE ticket_id IN @TicketIds;
        """;

    private const string SelectTrackingToken = """
        SELECT tracking_token AS Token, day AS Day FROM tickets WHERE ticket_id = @TicketId;
        """;

    // Marks the ticket, and forgets tickets of days before yesterday a few at a time: the table stays as small as a day.
    private const string MarkTracked = """
        INSERT IGNORE INTO tracked_tickets (ticket_id, day) VALUES (@TicketId, @Day);
        DELETE FROM tracked_tickets WHERE day < DATE_SUB(@Day, INTERVAL 1 DAY) LIMIT 100;
        """;

    private const string SelectHistory = """
        SELECT service_code AS ServiceCode, stream_version AS StreamVersion, sequence AS Sequence, type AS Type, ticket_id AS TicketId,
               counter_id AS CounterId, detail AS Detail, occurred_at AS OccurredAt
        FROM ticket_events
        WHERE facility_id = @FacilityId AND day = @Day AND (@ServiceCode IS NULL OR service_code = @ServiceCode)
        ORDER BY sequence;
        """;

    private sealed record HistoryRow(string ServiceCode, long StreamVersion, long Sequence, string Type, Guid? TicketId, int? CounterId, string? Detail, DateTime OccurredAt);

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
        return [.. rows.Select(r => new Reports.HistoryEvent(
            r.ServiceCode, r.StreamVersion, r.Type, r.TicketId, r.CounterId, new DateTimeOffset(DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc)), r.Detail, r.Sequence))];
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

    /// <summary>A ticket's tracking token and day; null while the read models do not hold the ticket.</summary>
    public async Task<TrackedTicket?> TrackingTokenAsync(Guid ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<TrackedTicket>(new CommandDefinition(
            SelectTrackingToken, new { TicketId = ticketId.ToString() }, cancellationToken: cancellationToken));
    }

    /// <summary>Remembers that a tracking page follows the ticket: its changes go to its tracking group from now on.</summary>
    public async Task MarkTrackedAsync(Guid ticketId, DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            MarkTracked, new { TicketId = ticketId.ToString(), Day = day.ToDateTime(TimeOnly.MinValue) }, cancellationToken: cancellationToken));
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
