using Dapper;
using MySqlConnector;
using QueueSystem.Contracts;

namespace QueueSystem.IntegrationTests.Display;

/// <summary>
/// Events published straight to RabbitMQ late, out of order and twice: the read models in MariaDB end
/// in the state of the newest event, the history holds each event once, and no late call is announced.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ReadModelOrderTests(SystemFixture system)
{
    private const string Facility = "default";

    [Fact]
    public async Task Repeated_and_reordered_events_leave_the_tables_right()
    {
        var service = "R" + Random.Shared.Next(100_000, 999_999);
        var counterId = Random.Shared.Next(900_000, 999_999);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")).DateTime);
        var stream = $"{Facility}/{service}/{day:yyyy-MM-dd}";
        var baseSequence = 1_000_000_000L + Random.Shared.Next(0, 1_000_000) * 100L;
        EventEnvelope Envelope(int version) => new(Guid.NewGuid(), stream, version, baseSequence + version, DateTimeOffset.UtcNow);
        var ticketId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var joined = new JoinedQueue(Envelope(1), Facility, service, day, ticketId, $"{service}_001_1234", 1, Guid.NewGuid(), "Late Letter", counterId, "Room 9", now, "patient", null, null, []);
        var called = new Called(Envelope(2), Facility, service, ticketId, counterId, now.AddMinutes(1), "op", joined.QueueId, joined.PatientId, joined.PatientName, "Room 9", false, []);
        var served = new Served(Envelope(3), Facility, service, ticketId, counterId, now.AddMinutes(2), "op", []);
        var onBreak = new CounterOnBreak(Envelope(4), Facility, service, counterId, now.AddMinutes(3), "op");
        var available = new CounterStatusChanged(Envelope(5), Facility, service, counterId, "available", now.AddMinutes(4), "op");
        await using var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={service}"));
        await screen.NextAsync("initial_data");

        await using (var broker = await TestBroker.ConnectAsync(system))
        {
            await broker.PublishAsync(served, available, called, joined, onBreak, joined, called, served);
        }

        await using var db = new MySqlConnection(await system.ConnectionString("displaydb"));
        await Eventually.Until(async () => await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ticket_events WHERE service_code = @service", new { service }) == 5);
        var ticket = await db.QuerySingleAsync("SELECT * FROM tickets WHERE ticket_id = @id", new { id = ticketId.ToString() });
        Assert.Equal("served", (string)ticket.status);
        Assert.Equal(joined.QueueId, (string)ticket.queue_id);
        Assert.Equal("Late Letter", (string)ticket.patient_name);
        Assert.Equal(counterId, (int)ticket.counter_id);
        Assert.NotNull(ticket.joined_at);
        Assert.NotNull(ticket.called_at);
        Assert.NotNull(ticket.finished_at);
        Assert.Equal(baseSequence + 3, (long)ticket.version);
        var counter = await db.QuerySingleAsync("SELECT * FROM counters WHERE facility_id = @Facility AND counter_id = @counterId", new { Facility, counterId });
        Assert.Null(counter.serving_ticket_id);
        Assert.Equal("available", (string)counter.status);

        // The call arrived after the patient was served: it must not be announced.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(screen.Pending(), frame => frame.GetProperty("type").GetString() == "patient_called");
    }
}
