using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using QueueSystem.Queue.Commands;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>
/// A client that did not hear an answer sends the same command again with the same
/// <c>Idempotency-Key</c>: it gets the first answer, and the command acts once.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class IdempotencyTests(SystemFixture system)
{
    [Fact]
    public async Task A_repeated_join_returns_the_first_ticket_and_takes_no_second_number()
    {
        using var http = system.CreateGatewayClient();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, await http.LoginAdminAsync(), "Idempotent Join");
        var patient = system.Patient("Repeating Joiner");
        var key = Guid.NewGuid().ToString();

        var first = await http.KeyedAsync("/join_queue/", patient.AccessToken, key, new { serviceCode = code });
        var again = await http.KeyedAsync("/join_queue/", patient.AccessToken, key, new { serviceCode = code });

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first, again with { Replayed = false });
        Assert.True(again.Replayed);
        Assert.Contains("_001_", first.Json.GetProperty("queueId").GetString(), StringComparison.Ordinal);
        var next = await http.JoinAsync(code, system.Patient("Next Joiner"));
        Assert.Contains("_002_", next.QueueId, StringComparison.Ordinal);

        // A new key is a new request: the rule of one ticket per service still holds.
        var newKey = await http.KeyedAsync("/join_queue/", patient.AccessToken, Guid.NewGuid().ToString(), new { serviceCode = code });
        Assert.Equal(HttpStatusCode.Conflict, newKey.Status);
    }

    [Fact]
    public async Task The_same_key_sent_many_times_at_once_through_two_instances_joins_once()
    {
        using var http = system.CreateGatewayClient();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, await http.LoginAdminAsync(), "Idempotent Race");
        await using var first = new OtherQueueInstance(system, "idempotent-first");
        await using var second = new OtherQueueInstance(system, "idempotent-second");
        using var one = first.CreateClient();
        using var two = second.CreateClient();
        var patient = system.Patient("Impatient Tapper");
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            KeyedCommands.KeyedAsync((i % 3) switch { 0 => http, 1 => one, _ => two }, "/join_queue", patient.AccessToken, key, new { serviceCode = code })));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer.Status));
        Assert.Single(answers.Select(a => a.Json.GetProperty("ticketId").GetGuid()).Distinct());
        Assert.Equal(11, answers.Count(a => a.Replayed));
        Assert.Contains("_002_", (await http.JoinAsync(code, system.Patient("After The Race"))).QueueId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_staff_commands_and_cancels_return_their_first_answer_and_act_once()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Idempotent Desk A");
        var otherCounterId = await ClinicSetup.AddCounterAsync(http, admin, code, "Idempotent Desk B");
        await http.SendAsync(HttpMethod.Post, "/staff/update_status/", admin, new { counterId = otherCounterId, status = "break" });
        var patients = Enumerable.Range(1, 4).Select(i => system.Patient($"Desk Patient {i}")).ToList();
        var tickets = new List<TicketResponse>();
        foreach (var patient in patients)
        {
            tickets.Add(await http.JoinAsync(code, patient));
        }

        // serve_next: the first patient is called once; the repeat calls nobody else.
        var call = await RepeatAsync(http, "/staff/serve_next/", admin, new { counterId });
        Assert.Equal(tickets[0].TicketId, call.Json.GetProperty("called").GetProperty("ticketId").GetGuid());

        // skip: the first is skipped and the second called, once.
        var skip = await RepeatAsync(http, "/staff/skip_patient/", admin, new { counterId });
        Assert.Equal(tickets[1].TicketId, skip.Json.GetProperty("called").GetProperty("ticketId").GetGuid());

        // recall: the skipped patient is back at the head of the line; the repeat gives the same ticket.
        var recall = await RepeatAsync(http, $"/api/staff/tickets/{tickets[0].TicketId}/recall", admin, null);
        Assert.Equal(1, recall.Json.GetProperty("position").GetInt32());

        // cancel: the patient's own ticket, once; a second cancel without the key would be 409.
        var cancel = await RepeatAsync(http, $"/api/tickets/{tickets[3].TicketId}/cancel", patients[3].AccessToken, null);
        Assert.Equal("cancelled", cancel.Json.GetProperty("status").GetString());

        // break: the waiting patients move to the other counter; the repeat answers with the same count.
        await http.SendAsync(HttpMethod.Post, "/staff/update_status/", admin, new { counterId = otherCounterId, status = "available" });
        var onBreak = await RepeatAsync(http, "/staff/update_status/", admin, new { counterId, status = "break" });
        Assert.Equal(2, onBreak.Json.GetProperty("redistributed").GetInt32());

        using var queue = await http.SendAsync(HttpMethod.Get, $"/api/staff/counters/{otherCounterId}/queue", admin);
        var line = (await queue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waiting").EnumerateArray()
            .Select(t => t.GetProperty("ticketId").GetGuid()).ToList();
        Assert.Equal([tickets[0].TicketId, tickets[2].TicketId], line);
    }

    [Fact]
    public async Task A_key_used_again_for_another_request_is_refused_and_changes_nothing()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Reused Key Desk");
        var (otherCode, _) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Reused Key Other Desk");
        var patient = system.Patient("Key Reuser");
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await http.KeyedAsync("/join_queue/", patient.AccessToken, key, new { serviceCode = code })).Status);

        var reused = await http.KeyedAsync("/join_queue/", patient.AccessToken, key, new { serviceCode = otherCode });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Equal("Idempotency key reused", reused.Json.GetProperty("title").GetString());
        Assert.Single(await http.TicketsOfAsync(patient));

        // Keys are the caller's own: another patient's same key is a request of theirs.
        var other = system.Patient("Same Key Other Patient");
        Assert.Equal(HttpStatusCode.Created, (await http.KeyedAsync("/join_queue/", other.AccessToken, key, new { serviceCode = code })).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a, b")]
    [InlineData("256")]
    public async Task A_malformed_key_is_a_problem_and_the_command_does_not_run(string key)
    {
        using var http = system.CreateGatewayClient();
        var (code, _) = await ClinicSetup.NewServiceWithCounterAsync(http, await http.LoginAdminAsync(), "Malformed Key Desk");
        var patient = system.Patient("Malformed Key");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/join_queue/") { Content = JsonContent.Create(new { serviceCode = code }) };
        request.Headers.Authorization = new("Bearer", patient.AccessToken);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key == "256" ? new string('k', 256) : key);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await http.TicketsOfAsync(patient));
    }

    [Fact]
    public async Task Answers_stored_by_the_version_before_outcomes_are_still_replayed()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Legacy Answers");
        var patient = system.Patient("Legacy Replay");
        var joinKey = Guid.NewGuid().ToString();
        var callKey = Guid.NewGuid().ToString();
        var joined = await http.KeyedAsync("/join_queue/", patient.AccessToken, joinKey, new { serviceCode = code });
        using (var onBreak = await http.SendAsync(HttpMethod.Post, "/staff/update_status", admin, new { counterId, status = "break" }))
        {
            Assert.Equal(HttpStatusCode.OK, onBreak.StatusCode);
        }

        var refused = await http.KeyedAsync("/staff/serve_next/", admin, callKey, new { counterId });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);

        // Rewritten as the older version stored them: an HTTP status and the body it sent.
        await using var instance = new OtherQueueInstance(system, "legacy-answers");
        await using (var session = instance.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var since = DateTimeOffset.UtcNow.AddMinutes(-5);
            var recent = await session.Query<StoredAnswer>().Where(a => a.AnsweredAt > since).ToListAsync();
            var join = Assert.Single(recent, a => a.Reply?.Contains(joined.Json.GetProperty("ticketId").GetString()!, StringComparison.Ordinal) == true);
            var call = Assert.Single(recent, a => a.Rejection?.Message == refused.Json.GetProperty("detail").GetString());
            session.Store(new StoredAnswer { Id = join.Id, Fingerprint = join.Fingerprint, Status = 201, Body = joined.Body, AnsweredAt = join.AnsweredAt });
            session.Store(new StoredAnswer { Id = call.Id, Fingerprint = call.Fingerprint, Status = 409, Body = refused.Body, AnsweredAt = call.AnsweredAt });
            await session.SaveChangesAsync();
        }

        var joinAgain = await http.KeyedAsync("/join_queue/", patient.AccessToken, joinKey, new { serviceCode = code });
        Assert.True(joinAgain.Replayed);
        Assert.Equal(HttpStatusCode.Created, joinAgain.Status);
        Assert.Equal(joined.Json.GetProperty("ticketId").GetGuid(), joinAgain.Json.GetProperty("ticketId").GetGuid());
        Assert.Equal(joined.Json.GetProperty("queueId").GetString(), joinAgain.Json.GetProperty("queueId").GetString());
        var callAgain = await http.KeyedAsync("/staff/serve_next/", admin, callKey, new { counterId });
        Assert.True(callAgain.Replayed);
        Assert.Equal(HttpStatusCode.Conflict, callAgain.Status);
        Assert.Equal(refused.Json.GetProperty("detail").GetString(), callAgain.Json.GetProperty("detail").GetString());
    }

    /// <summary>Sends a command twice with one key; both answers must be the same 200.</summary>
    private static async Task<KeyedAnswer> RepeatAsync(HttpClient http, string path, string token, object? body)
    {
        var key = Guid.NewGuid().ToString();
        var first = await http.KeyedAsync(path, token, key, body);
        var again = await http.KeyedAsync(path, token, key, body);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first, again with { Replayed = false });
        Assert.True(again.Replayed);
        return first;
    }
}
