using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using Npgsql;
using StackExchange.Redis;

namespace QueueSystem.IntegrationTests.Servers;

/// <summary>Each service's effect is read back from the server it uses, not from the service.</summary>
[Collection(SystemCollection.Name)]
public sealed class ServicesUseRealServersTests(SystemFixture system)
{
    [Fact]
    public async Task Queue_appends_JoinedQueue_to_the_facilitys_day_stream_in_postgresql()
    {
        using var http = system.CreateGatewayClient();
        var ticket = await http.JoinAsync("OPD", "Farah");

        await using var connection = new NpgsqlConnection(await system.ConnectionString("queuedb"));
        var stored = await connection.QuerySingleAsync<(string StreamId, string Type, long Version)>(
            "SELECT stream_id, type, version FROM queue.mt_events WHERE data::text LIKE @ticket",
            new { ticket = $"%{ticket.TicketId}%" });

        Assert.Equal("joined_queue", stored.Type);
        Assert.Matches(@"^default/\d{4}-\d{2}-\d{2}$", stored.StreamId);
        Assert.True(stored.Version >= 1);
    }

    [Fact]
    public async Task Display_keeps_the_relayed_ticket_in_mariadb()
    {
        using var http = system.CreateGatewayClient();
        var ticket = await http.JoinAsync("LAB", "Gopal");

        await using var connection = new MySqlConnection(await system.ConnectionString("displaydb"));
        var row = await Eventually.Get(() => connection.QuerySingleOrDefaultAsync<TicketRow>(
            "SELECT queue_id AS QueueId, status AS Status, counter_id AS CounterId FROM tickets WHERE ticket_id = @id",
            new { id = ticket.TicketId.ToString() }));

        Assert.Equal(ticket.QueueId, row.QueueId);
        Assert.Equal("waiting", row.Status);
        Assert.Equal(ticket.CounterId, row.CounterId);
    }

    [Fact]
    public async Task Display_fans_live_frames_out_through_redis()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await system.ConnectionString("backplane"));
        var frames = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("qms:live:socket-frames"), (_, message) => frames.Writer.TryWrite(message.ToString()));

        using var http = system.CreateGatewayClient();
        var ticket = await http.JoinAsync("OPD", "Hari");

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            // One Redis message carries a batch's frames, in order.
            using var batch = JsonDocument.Parse(await frames.Reader.ReadAsync(wait.Token));
            foreach (var frame in batch.RootElement.EnumerateArray())
            {
                using var json = JsonDocument.Parse(frame.GetProperty("Json").GetString()!);
                if (json.RootElement.GetProperty("counter_id").GetInt32() == ticket.CounterId)
                {
                    Assert.Equal("OPD", frame.GetProperty("ServiceCode").GetString());
                    Assert.Equal("queue_update", json.RootElement.GetProperty("type").GetString());
                    return;
                }
            }
        }
    }

    [Fact]
    public async Task Identity_hands_a_code_to_notification_over_rabbitmq()
    {
        using var http = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();
        using var sent = await http.PostAsJsonAsync("/send_otp/", new { phone, name = "Lata" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, sent.StatusCode);

        var outbox = await Eventually.Get(async () =>
        {
            var messages = await http.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(phone)}");
            return messages is { Length: > 0 } ? messages : null;
        });

        var message = Assert.Single(outbox);
        Assert.Equal("otp", message.GetProperty("kind").GetString());
        Assert.Equal(phone, message.GetProperty("to").GetString());
        Assert.Matches(@"\b\d{6}\b", message.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Identity_keeps_patients_in_postgresql_and_codes_only_as_hashes()
    {
        using var http = system.CreateGatewayClient();
        var patient = await http.SignInPatientAsync("Stored Patient");
        var phone = Gateway.NewPhone();
        using (await http.PostAsJsonAsync("/send_otp/", new { phone, name = "Pending" }))
        {
        }

        var code = await http.LatestCodeAsync(phone);
        await using var connection = new NpgsqlConnection(await system.ConnectionString("identitydb"));
        var stored = await connection.QuerySingleAsync<string>(
            "SELECT data::text FROM identity.mt_doc_patientaccount WHERE id = @id", new { id = patient.PatientId });
        var challenge = await connection.QuerySingleAsync<string>(
            "SELECT data::text FROM identity.mt_doc_otpchallenge WHERE id = @phone", new { phone });

        Assert.Contains(patient.Phone, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(code, challenge, StringComparison.Ordinal);
    }

    private sealed record TicketRow(string QueueId, string Status, int? CounterId);
}
