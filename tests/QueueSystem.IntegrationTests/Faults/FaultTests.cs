using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace QueueSystem.IntegrationTests.Faults;

/// <summary>
/// A part of the system goes down in the middle of a burst of joins and calls, and comes back. Clients
/// retry what failed with the same Idempotency-Key, as the API asks. Afterwards the queue must hold every
/// patient exactly once with gap-free numbers, the calls in order, and the read side, the screens and the
/// texts must all agree with it: nothing lost, nothing twice.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class FaultTests(SystemFixture system)
{
    private const int Joiners = 30;
    private const int Calls = 8;

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task RabbitMq_killed_and_restarted_mid_burst_loses_and_repeats_nothing() =>
        await BurstThroughAsync("RabbitMQ", async () =>
        {
            await system.StopAsync("rabbitmq");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await system.StartAsync("rabbitmq");
        });

    [Fact]
    public async Task The_queue_service_killed_mid_burst_and_restarted_loses_and_duplicates_no_ticket() =>
        await BurstThroughAsync("Queue", async () =>
        {
            await system.StopAsync("queue");
            await system.StartAsync("queue");
        });

    [Fact]
    public async Task With_mariadb_down_for_a_while_the_read_side_catches_up_afterwards() =>
        await BurstThroughAsync("MariaDB", async () =>
        {
            await system.StopAsync("mariadb");
            await Task.Delay(TimeSpan.FromSeconds(12));
            await system.StartAsync("mariadb");
        });

    [Fact]
    public async Task PostgreSQL_restarted_mid_burst_and_queue_and_identity_recover_on_their_own() =>
        await BurstThroughAsync("PostgreSQL", async () =>
        {
            await system.StopAsync("postgres", Outages.Quit);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await system.StartAsync("postgres");
            using var http = system.CreateGatewayClient();
            await http.SignInPatientAsync("After The Restart"); // Identity works again, without a restart of its own
        });

    [Fact]
    public async Task A_display_instance_killed_mid_burst_leaves_its_work_to_the_other_and_nothing_is_applied_twice() =>
        await BurstThroughAsync("Display", async () =>
        {
            await system.StopAsync("display");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await system.StartAsync("display");
        });

    [Fact]
    public async Task With_notification_down_while_patients_are_called_each_still_gets_one_text() =>
        await BurstThroughAsync(
            "Notification",
            async () =>
            {
                await system.StopAsync("notification");
                await Task.Delay(TimeSpan.FromSeconds(3));
                await system.StartAsync("notification");
            },
            faultAfter: TimeSpan.Zero);

    [Fact]
    public async Task After_redis_restarts_live_clients_reconnect_and_end_with_the_true_state()
    {
        await using var socketBefore = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri("/ws/queue/updates/"));
        await socketBefore.NextAsync("initial_data");
        var hubConnections = 0;
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(system.Gateway, "/hubs/queue")).WithAutomaticReconnect().Build();
        hub.On<JsonElement>("initial_data", _ => Interlocked.Increment(ref hubConnections));
        // As the web pages do: a connection the server ended is started again.
        hub.Closed += async _ =>
        {
            await Task.Delay(500);
            await hub.StartAsync();
        };
        await hub.StartAsync();
        await Eventually.Until(() => Volatile.Read(ref hubConnections) == 1);

        var (code, truth) = await BurstThroughAsync("Redis", async () =>
        {
            await system.StopAsync("redis");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await system.StartAsync("redis");
        });

        // The feed was broken for a while: both kinds of client are sent away to reconnect, and a
        // reconnected client starts from a fresh initial_data (which BurstThroughAsync checked is true).
        await socketBefore.ClosedAsync(TimeSpan.FromSeconds(30));
        await Eventually.Until(() => Volatile.Read(ref hubConnections) >= 2, TimeSpan.FromSeconds(60));
        await Eventually.Until(() => hub.State == HubConnectionState.Connected);
        await AssertScreenShowsAsync(code, truth);
    }

    /// <summary>What the queue holds at the end of a burst.</summary>
    private sealed record Truth(int CounterId, string ServingQueueId, int Waiting);

    /// <param name="faultAfter">How long into the burst the fault comes (the first calls are made at once).</param>
    private async Task<(string Code, Truth Truth)> BurstThroughAsync(string part, Func<Task> fault, TimeSpan? faultAfter = null)
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, $"{part} Fault Desk");

        // Patients who sign in by SMS come first, so the calls in the burst text them.
        var texted = new List<PatientSession>();
        for (var i = 0; i < 3; i++)
        {
            texted.Add(await http.SignInPatientAsync($"Texted {part} {i}"));
            await JoinRetryingAsync(http, code, texted[^1], Guid.NewGuid().ToString());
        }

        var joiners = Enumerable.Range(0, Joiners).Select(i => system.Patient($"{part} Burst {i}")).ToList();
        using var gate = new SemaphoreSlim(4);
        var joins = Task.WhenAll(joiners.Select(async patient =>
        {
            await gate.WaitAsync();
            try
            {
                return await JoinRetryingAsync(http, code, patient, Guid.NewGuid().ToString());
            }
            finally
            {
                gate.Release();
            }
        }));
        var calls = Task.Run(async () =>
        {
            var called = new List<string>();
            for (var i = 0; i < Calls; i++)
            {
                var answer = await RetryingAsync(http, "/staff/serve_next/", admin, new { counterId }, Guid.NewGuid().ToString());
                called.Add(answer.GetProperty("called").GetProperty("queueId").GetString()!);
                await Task.Delay(200);
            }

            return called;
        });
        await Task.Delay(faultAfter ?? TimeSpan.FromSeconds(1));
        await fault();
        var tickets = await joins;
        var calledIds = await calls;

        // The queue: everyone once, numbers 1..n without a gap, called in order of arrival.
        var everyone = texted.Concat(joiners).ToList();
        var held = await Task.WhenAll(everyone.Select(patient => http.TicketsOfAsync(patient)));
        Assert.All(held, own => Assert.Single(own));
        var numbers = held.Select(own => Sequence(own[0].GetProperty("queueId").GetString()!)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, everyone.Count), numbers);
        Assert.Equal(tickets.Select(t => t.QueueId).Order(), held.Skip(texted.Count).Select(own => own[0].GetProperty("queueId").GetString()!).Order());
        Assert.Equal(Enumerable.Range(1, Calls), calledIds.Select(Sequence));

        // The read side: every event applied once.
        var truth = new Truth(counterId, calledIds[^1], everyone.Count - Calls);
        await Eventually.Until(
            async () =>
            {
                using var response = await http.SendAsync(HttpMethod.Get, $"/api/reports/daily?service={code}", admin);
                var service = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("services").EnumerateArray().SingleOrDefault();
                return service.ValueKind == JsonValueKind.Object
                    && service.GetProperty("joined").GetInt32() == everyone.Count
                    && service.GetProperty("called").GetInt32() == Calls
                    && service.GetProperty("served").GetInt32() == Calls - 1;
            },
            TimeSpan.FromSeconds(90));
        await AssertScreenShowsAsync(code, truth);

        // The texts: each called patient is told once (waited for as "at least one", so that a failure says whether
        // the text never came or came twice).
        foreach (var patient in texted)
        {
            await Eventually.Until(async () => await CalledTextsAsync(http, patient) >= 1, TimeSpan.FromSeconds(90));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var patient in texted)
        {
            Assert.Equal(1, await CalledTextsAsync(http, patient));
        }

        return (code, truth);
    }

    /// <summary>A screen that connects now shows what the queue holds.</summary>
    private async Task AssertScreenShowsAsync(string code, Truth truth) =>
        await Eventually.Until(
            async () =>
            {
                await using var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
                var board = (await screen.NextAsync("initial_data")).GetProperty("counters").EnumerateArray().Single();
                return board.GetProperty("counter_id").GetInt32() == truth.CounterId
                    && board.GetProperty("queue_length").GetInt32() == truth.Waiting
                    && board.GetProperty("serving_patient").ValueKind == JsonValueKind.Object
                    && board.GetProperty("serving_patient").GetProperty("queue_id").GetString() == truth.ServingQueueId;
            },
            TimeSpan.FromSeconds(60));

    private static async Task<TicketResponse> JoinRetryingAsync(HttpClient http, string code, PatientSession patient, string key) =>
        (await RetryingAsync(http, "/join_queue/", patient.AccessToken, new { serviceCode = code }, key)).Deserialize<TicketResponse>(WebJson)!;

    /// <summary>Sends a command until it is answered with success, always with the same key, as a client would.</summary>
    private static async Task<JsonElement> RetryingAsync(HttpClient http, string path, string token, object body, string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                var answer = await http.KeyedAsync(path, token, key, body);
                if (answer.Status is HttpStatusCode.OK or HttpStatusCode.Created)
                {
                    return answer.Json;
                }

                // Only "not now" is worth a retry; any other refusal is a fault of the system under test.
                Assert.True((int)answer.Status >= 500, $"{path} answered {(int)answer.Status}: {answer.Body}");
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never succeeded.");
            await Task.Delay(250);
        }
    }


    private static async Task<int> CalledTextsAsync(HttpClient http, PatientSession patient)
    {
        var texts = await http.GetFromJsonAsync<JsonElement[]>($"/dev/sms?phone={Uri.EscapeDataString(patient.Phone)}");
        return texts!.Count(t => t.GetProperty("kind").GetString() == "called");
    }

    private static int Sequence(string queueId) => int.Parse(queueId.Split('_')[1], CultureInfo.InvariantCulture);
}
