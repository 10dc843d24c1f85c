using Dapper;
using MySqlConnector;
using QueueSystem.Contracts;

namespace QueueSystem.Display.ReadModels;

/// <summary>What an event says about itself, for the day's history and for the guards of every row it changes.</summary>
public sealed record EventFacts(
    Guid EventId, string FacilityId, string ServiceCode, DateOnly Day, long StreamVersion, long Sequence,
    string Type, Guid? TicketId, int? CounterId, string? Detail, DateTimeOffset At, string By, DateTimeOffset StoredAt)
{
    public static EventFacts Of(EventEnvelope envelope, string facilityId, string serviceCode, string type, Guid? ticketId, int? counterId, string? detail, DateTimeOffset at, string by) =>
        new(envelope.EventId, facilityId, serviceCode, DayOf(envelope.StreamKey), envelope.StreamVersion, envelope.Sequence, type, ticketId, counterId, detail, at, by, envelope.OccurredAt);

    /// <summary>The day of a stream <c>facility/service/yyyy-MM-dd</c>.</summary>
    public static DateOnly DayOf(string streamKey) =>
        DateOnly.ParseExact(streamKey[(streamKey.LastIndexOf('/') + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How an event changes its ticket's row; null members leave the column as it is.</summary>
public sealed record TicketChange(
    string Status, int? CounterId = null, bool SetsCounter = false, DateTimeOffset? CalledAt = null,
    DateTimeOffset? FinishedAt = null, bool SetsFinishedAt = false, string? QueueId = null, Guid? PatientId = null, string? PatientName = null,
    int? Sequence = null, DateTimeOffset? JoinedAt = null, string? ServiceCode = null, string? TrackingToken = null);

/// <summary>
/// The rows an event changes. <paramref name="RebuildMessageId"/> names the message of the running rebuild that
/// carried it: recorded as arrived (also when the event itself is a repeat), so the rebuild knows when it is whole.
/// </summary>
public sealed record RowChanges(EventFacts Facts, TicketChange? Ticket, CounterChange? Counter, Guid? RebuildMessageId = null);

/// <summary>
/// Writes the read models with Dapper, one transaction per batch of events. Every event is first written to the
/// day's history under its id: a repeat is recognised there and changes nothing else. Rows are then
/// changed only by an event newer (by global sequence) than the one that last changed them, so events
/// that arrive late or out of order leave the newest state in place; facts that never change (ticket
/// number, name, arrival) are filled in whenever they are still missing.
/// A rebuild is done (<c>read_model_info.rebuilt_at</c>) only once every message the Queue says it sent for it
/// has been applied: each is counted in <c>rebuild_received</c> in the transaction that applies it.
/// </summary>
public sealed class ReadModelWriter(MySqlDataSource dataSource, ILogger<ReadModelWriter> logger)
{
    private const string InsertHistory = """
        INSERT IGNORE INTO ticket_events (event_id, facility_id, service_code, day, stream_version, sequence, type, ticket_id, counter_id, detail, occurred_at, by_whom)
        VALUES (@EventId, @FacilityId, @ServiceCode, @Day, @StreamVersion, @Sequence, @Type, @TicketId, @CounterId, @Detail, @At, @By);
        """;

    // In ON DUPLICATE KEY UPDATE each assignment sees the ones before it: the version goes last.
    private const string UpsertTicket = """
        INSERT INTO tickets (ticket_id, facility_id, service_code, day, queue_id, sequence, patient_id, patient_name, tracking_token, counter_id, status, joined_at, called_at, finished_at, version)
        VALUES (@TicketId, @FacilityId, @ServiceCode, @Day, @QueueId, @TicketSequence, @PatientId, @PatientName, @TrackingToken, @CounterId, @Status, @JoinedAt, @CalledAt, @FinishedAt, @Version)
        ON DUPLICATE KEY UPDATE
            queue_id     = COALESCE(queue_id, VALUES(queue_id)),
            tracking_token = COALESCE(tracking_token, VALUES(tracking_token)),
            sequence     = COALESCE(sequence, VALUES(sequence)),
            patient_id   = COALESCE(patient_id, VALUES(patient_id)),
            patient_name = COALESCE(patient_name, VALUES(patient_name)),
            joined_at    = COALESCE(joined_at, VALUES(joined_at)),
            counter_id   = IF(VALUES(version) > version AND @SetsCounter, VALUES(counter_id), counter_id),
            service_code = IF(VALUES(version) > version, VALUES(service_code), service_code),
            status       = IF(VALUES(version) > version, VALUES(status), status),
            called_at    = IF(VALUES(version) > version AND VALUES(called_at) IS NOT NULL, VALUES(called_at), COALESCE(called_at, VALUES(called_at))),
            finished_at  = IF(VALUES(version) > version AND @SetsFinishedAt, VALUES(finished_at), finished_at),
            version      = GREATEST(version, VALUES(version));
        """;

    private const string UpsertCounterStatus = """
        INSERT INTO counters (facility_id, counter_id, counter_name, service_code, status, status_day, status_version)
        VALUES (@FacilityId, @CounterId, @CounterName, @ServiceCode, @Status, @Day, @Version)
        ON DUPLICATE KEY UPDATE
            status         = IF(VALUES(status_version) > status_version, VALUES(status), status),
            status_day     = IF(VALUES(status_version) > status_version, VALUES(status_day), status_day),
            status_version = GREATEST(status_version, VALUES(status_version));
        """;

    // Calling sets the counter's patient; finishing clears it only if that patient is still the one there.
    private const string UpsertCounterServing = """
        INSERT INTO counters (facility_id, counter_id, counter_name, service_code, serving_ticket_id, serving_day, serving_version)
        VALUES (@FacilityId, @CounterId, @CounterName, @ServiceCode, IF(@Clears, NULL, @TicketId), @Day, @Version)
        ON DUPLICATE KEY UPDATE
            serving_ticket_id = IF(VALUES(serving_version) > serving_version,
                                   IF(@Clears, IF(serving_ticket_id = @TicketId, NULL, serving_ticket_id), @TicketId),
                                   serving_ticket_id),
            serving_day       = IF(VALUES(serving_version) > serving_version, VALUES(serving_day), serving_day),
            serving_version   = GREATEST(serving_version, VALUES(serving_version));
        """;

    private const string EnsureCounter = """
        INSERT IGNORE INTO counters (facility_id, counter_id, counter_name, service_code)
        VALUES (@FacilityId, @CounterId, @CounterName, @ServiceCode);
        """;

    private const string InsertCatalogEvent = """
        INSERT IGNORE INTO catalog_events (event_id, facility_id, sequence, counter_id, occurred_at, by_whom)
        VALUES (@EventId, @FacilityId, @Sequence, @Id, @At, @By);
        """;

    // Only an event newer than the one that last described the counter changes it.
    private const string UpsertCatalogCounter = """
        INSERT INTO counters (facility_id, counter_id, counter_name, service_code, start_time, end_time, catalog_version)
        VALUES (@FacilityId, @Id, @Name, @ServiceCode, @StartTime, @EndTime, @Sequence)
        ON DUPLICATE KEY UPDATE
            counter_name    = IF(VALUES(catalog_version) > catalog_version, VALUES(counter_name), counter_name),
            service_code    = IF(VALUES(catalog_version) > catalog_version, VALUES(service_code), service_code),
            start_time      = IF(VALUES(catalog_version) > catalog_version, VALUES(start_time), start_time),
            end_time        = IF(VALUES(catalog_version) > catalog_version, VALUES(end_time), end_time),
            catalog_version = GREATEST(catalog_version, VALUES(catalog_version));
        """;

    private const string RecordRebuildMessage = "INSERT IGNORE INTO rebuild_received (message_id) VALUES (@MessageId);";

    // The last of a rebuild's messages to be applied, or its completion marker if that comes last, finishes it.
    private const string FinishRebuildIfWhole = """
        UPDATE read_model_info SET rebuilt_at = UTC_TIMESTAMP(6)
        WHERE id = 1 AND rebuilt_at IS NULL AND rebuild_messages IS NOT NULL
          AND rebuild_messages <= (SELECT COUNT(*) FROM rebuild_received);
        """;

    /// <summary>
    /// Records a batch of events and applies their changes in one transaction, all or nothing. Events
    /// already in the history (repeats) change nothing; the rest are written in one round trip.
    /// </summary>
    /// <returns>The ids of the events applied for the first time.</returns>
    public async Task<IReadOnlySet<Guid>> ApplyAsync(IReadOnlyList<RowChanges> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var seen = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT event_id FROM ticket_events WHERE event_id IN @Ids",
            new { Ids = events.Select(e => e.Facts.EventId.ToString()).Distinct().ToArray() },
            transaction,
            cancellationToken: cancellationToken))).ToHashSet();
        var fresh = events.Where(e => !seen.Contains(e.Facts.EventId)).DistinctBy(e => e.Facts.EventId).ToList();
        var rebuildMessages = events.Select(e => e.RebuildMessageId).OfType<Guid>().Distinct().ToList();
        if (fresh.Count == 0 && rebuildMessages.Count == 0)
        {
            return new HashSet<Guid>();
        }

        await using var batch = new MySqlBatch(connection, transaction);
        var countersSeen = new HashSet<int>();
        foreach (var change in fresh)
        {
            AddStatements(batch, change, countersSeen);
        }

        foreach (var messageId in rebuildMessages)
        {
            batch.Add(RecordRebuildMessage, new { MessageId = messageId.ToString() });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (rebuildMessages.Count > 0)
        {
            await FinishRebuildIfWholeAsync(connection, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh.Select(e => e.Facts.EventId).ToHashSet();
    }

    /// <param name="countersSeen">The counters an earlier event of the batch made sure of: once per batch is enough.</param>
    private static void AddStatements(MySqlBatch batch, RowChanges change, HashSet<int> countersSeen)
    {
        var (facts, ticket, counter, _) = change;
        batch.Add(InsertHistory, History(facts));
        if (ticket is not null)
        {
            batch.Add(UpsertTicket, TicketRow(facts, ticket));
        }

        var counterName = counter?.CounterName ?? $"Counter {counter?.CounterId}";
        var day = facts.Day.ToDateTime(TimeOnly.MinValue);
        if (counter is { Status: null, Serving: null } && countersSeen.Add(counter.CounterId))
        {
            // A counter seen before the catalog names it: shown from now on; the catalog's name wins when it comes.
            batch.Add(EnsureCounter, new { facts.FacilityId, counter.CounterId, CounterName = counterName, facts.ServiceCode });
        }

        if (counter is { Status: { } status })
        {
            batch.Add(UpsertCounterStatus, new { facts.FacilityId, counter.CounterId, CounterName = counterName, facts.ServiceCode, Status = status, Day = day, Version = facts.Sequence });
        }

        if (counter is { Serving: { } serving })
        {
            batch.Add(UpsertCounterServing, new
            {
                facts.FacilityId, counter.CounterId, CounterName = counterName, facts.ServiceCode,
                TicketId = serving.TicketId.ToString(), serving.Clears, Day = day, Version = facts.Sequence,
            });
        }
    }

    /// <summary>Applies a counter's creation or change once (a repeat is recognised by its event id).</summary>
    /// <param name="rebuildMessageId">The message of the running rebuild that carried it, if it was replayed.</param>
    public async Task ApplyCounterAsync(CounterSaved counter, Guid? rebuildMessageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = new
        {
            EventId = counter.Envelope.EventId.ToString(), counter.FacilityId, counter.Envelope.Sequence, counter.Id, counter.Name, counter.ServiceCode,
            counter.StartTime, counter.EndTime, At = counter.At.UtcDateTime, counter.By,
        };
        if (await connection.ExecuteAsync(new CommandDefinition(InsertCatalogEvent, row, transaction, cancellationToken: cancellationToken)) > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpsertCatalogCounter, row, transaction, cancellationToken: cancellationToken));
        }

        if (rebuildMessageId is { } messageId)
        {
            await connection.ExecuteAsync(new CommandDefinition(RecordRebuildMessage, new { MessageId = messageId.ToString() }, transaction, cancellationToken: cancellationToken));
            await FinishRebuildIfWholeAsync(connection, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether an event (of a queue day or of the catalog) has been applied here.</summary>
    public async Task<bool> HasAppliedAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM catalog_events WHERE event_id = @Id) OR EXISTS (SELECT 1 FROM ticket_events WHERE event_id = @Id)",
            new { Id = eventId.ToString() }, cancellationToken: cancellationToken));
    }

    /// <summary>The rebuild started last (whether or not it is done), if any.</summary>
    public async Task<Guid?> CurrentRebuildAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT rebuild_id FROM read_model_info WHERE id = 1", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Empties the read models for a rebuild and notes which rebuild is running. A repeated start, or the start of a
    /// rebuild older than the running one, changes nothing (it would throw away what the running one applied).
    /// </summary>
    /// <returns>Whether the rebuild started.</returns>
    public async Task<bool> StartRebuildAsync(ReadModelsRebuildStarted started, CancellationToken cancellationToken)
    {
        if (RebuildPhases.Of(started.RebuildId, await CurrentRebuildAsync(cancellationToken)) != RebuildPhase.NotStarted)
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ReadModelSchema.TruncateAsync(connection);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE read_model_info
            SET rebuild_id = @Id, rebuild_started_at = @At, rebuild_events = NULL, rebuild_messages = NULL, rebuilt_at = NULL
            WHERE id = 1
            """,
            new { Id = started.RebuildId.ToString(), At = started.At.UtcDateTime }, cancellationToken: cancellationToken));
        return true;
    }

    /// <summary>Notes how many messages the running rebuild has; it is done at once if every one has been applied already.</summary>
    public async Task CompleteRebuildAsync(ReadModelsRebuildCompleted completed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE read_model_info SET rebuild_events = @Events, rebuild_messages = @Messages WHERE id = 1 AND rebuild_id = @Id",
            new { Id = completed.RebuildId.ToString(), completed.Events, completed.Messages },
            transaction,
            cancellationToken: cancellationToken));
        await FinishRebuildIfWholeAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task FinishRebuildIfWholeAsync(MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteAsync(new CommandDefinition(FinishRebuildIfWhole, transaction: transaction, cancellationToken: cancellationToken)) > 0)
        {
            logger.LogInformation("Read-model rebuild finished: every message of it has been applied");
        }
    }

    private static object History(EventFacts facts) => new
    {
        EventId = facts.EventId.ToString(), facts.FacilityId, facts.ServiceCode, Day = facts.Day.ToDateTime(TimeOnly.MinValue), facts.StreamVersion,
        facts.Sequence, facts.Type, TicketId = facts.TicketId?.ToString(), facts.CounterId, facts.Detail, At = facts.At.UtcDateTime, facts.By,
    };

    private static object TicketRow(EventFacts facts, TicketChange change) => new
    {
        TicketId = facts.TicketId!.Value.ToString(), facts.FacilityId, ServiceCode = change.ServiceCode ?? facts.ServiceCode, Day = facts.Day.ToDateTime(TimeOnly.MinValue),
        change.QueueId, TicketSequence = change.Sequence, PatientId = change.PatientId?.ToString(), change.PatientName, change.TrackingToken,
        change.CounterId, change.SetsCounter, change.Status,
        JoinedAt = change.JoinedAt?.UtcDateTime, CalledAt = change.CalledAt?.UtcDateTime, FinishedAt = change.FinishedAt?.UtcDateTime,
        change.SetsFinishedAt, Version = facts.Sequence,
    };
}

/// <summary>A patient starting (<see cref="Clears"/> false) or ending at a counter.</summary>
public sealed record ServingChange(Guid TicketId, bool Clears);

/// <summary>How an event changes its counter's row: its status, the patient at it, or both.</summary>
public sealed record CounterChange(int CounterId, string? CounterName = null, string? Status = null, ServingChange? Serving = null);
