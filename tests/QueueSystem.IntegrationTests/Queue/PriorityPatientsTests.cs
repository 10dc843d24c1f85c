using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>Priority patients through the gateway: categories, the mixed call order, calls out of turn, and bad input.</summary>
[Collection(SystemCollection.Name)]
public sealed class PriorityPatientsTests(SystemFixture system)
{
    [Fact]
    public async Task Anyone_lists_the_categories_and_only_an_admin_replaces_them_with_a_valid_list()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var supervisor = await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password);
        var defaults = (await http.GetFromJsonAsync<JsonElement[]>("/api/categories"))!;
        Assert.Equal(["EMERGENCY", "SENIOR", "PREGNANT", "DISABILITY"], defaults.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(("emergency", false), (defaults[0].GetProperty("level").GetString(), defaults[0].GetProperty("selfDeclared").GetBoolean()));
        Assert.All(defaults.Skip(1), c => Assert.Equal(("priority", true), (c.GetProperty("level").GetString(), c.GetProperty("selfDeclared").GetBoolean())));

        var list = defaults.Select(c => JsonSerializer.Deserialize<Dictionary<string, object>>(c.GetRawText())!).ToList();
        list.Add(new() { ["code"] = "CHILD", ["name"] = "Child under 5", ["nameHi"] = "5 वर्ष से छोटा बच्चा", ["level"] = "priority", ["selfDeclared"] = true });
        try
        {
            using (var refused = await http.SendAsync(HttpMethod.Put, "/api/admin/categories", supervisor, list))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }

            foreach (var bad in new object[]
            {
                new[] { new { code = "child", name = "Child", level = "priority" } },
                new[] { new { code = "CHILD", name = "", level = "priority" } },
                new[] { new { code = "CHILD", name = "Child", level = "urgent" } },
                new[] { new { code = "CHILD", name = "Child", level = "priority" }, new { code = "CHILD", name = "Again", level = "priority" } },
            })
            {
                using var invalid = await http.SendAsync(HttpMethod.Put, "/api/admin/categories", admin, bad);
                Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            }

            Assert.Equal(4, (await http.GetFromJsonAsync<JsonElement[]>("/api/categories"))!.Length);

            using var replaced = await http.SendAsync(HttpMethod.Put, "/api/admin/categories", admin, list);
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
            var child = (await http.GetFromJsonAsync<JsonElement[]>("/api/categories"))!.Single(c => c.GetProperty("code").GetString() == "CHILD");
            Assert.Equal("5 वर्ष से छोटा बच्चा", child.GetProperty("nameHi").GetString());

            using var history = await http.SendAsync(HttpMethod.Get, "/api/admin/history", admin);
            var last = (await history.Content.ReadFromJsonAsync<JsonElement[]>())!.Last(e => e.GetProperty("type").GetString() == "categories_changed");
            Assert.Equal("staff:admin", last.GetProperty("by").GetString());
            Assert.Equal(5, last.GetProperty("categories").GetArrayLength());
        }
        finally
        {
            using var restored = await http.SendAsync(HttpMethod.Put, "/api/admin/categories", admin, list.Take(4).ToList());
            restored.EnsureSuccessStatusCode();
        }
    }

    /// <summary>
    /// Three regular patients, two seniors who declare themselves and one more regular patient join one counter; a clerk
    /// marks the third regular patient an emergency. Every phone shows the place the calls then come in.
    /// </summary>
    [Fact]
    public async Task A_senior_declares_a_clerk_marks_an_emergency_and_the_calls_come_in_the_order_shown()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Mixed Room");
        var clerkName = await http.CreateStaffAsync(admin, "operator", counterId);
        var clerk = await http.LoginAsync(clerkName, StaffHelpers.Password);
        string?[] categories = [null, null, null, "SENIOR", "senior", null];
        var patients = categories.Select((_, i) => system.Patient($"Mixed {i + 1}")).ToList();
        var tickets = new List<JsonElement>();
        foreach (var (patient, category) in patients.Zip(categories))
        {
            using var joined = await http.SendAsync(HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode = code, category });
            Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
            tickets.Add(await joined.Content.ReadFromJsonAsync<JsonElement>());
        }

        Assert.Equal([null, null, null, "SENIOR", "SENIOR", null], tickets.Select(t => t.GetProperty("category").GetString()));
        var id = tickets.Select(t => t.GetProperty("ticketId").GetGuid()).ToArray();
        using (var marked = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{id[2]}/category", clerk, new { category = "EMERGENCY" }))
        {
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
            var ticket = await marked.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("EMERGENCY", 1), (ticket.GetProperty("category").GetString(), ticket.GetProperty("position").GetInt32()));
        }

        // Emergency; two seniors (the counter's run of two); the regular patients by arrival.
        Guid[] expected = [id[2], id[3], id[4], id[0], id[1], id[5]];
        using var queue = await http.SendAsync(HttpMethod.Get, $"/api/staff/counters/{counterId}/queue", clerk);
        var waiting = (await queue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waiting").EnumerateArray().ToList();
        Assert.Equal(expected, waiting.Select(t => t.GetProperty("ticketId").GetGuid()));
        Assert.Equal(Enumerable.Range(1, 6), waiting.Select(t => t.GetProperty("position").GetInt32()));
        foreach (var (patient, ticketId) in patients.Zip(id))
        {
            var mine = Assert.Single(await http.TicketsOfAsync(patient));
            Assert.Equal(Array.IndexOf(expected, ticketId) + 1, mine.GetProperty("position").GetInt32());
        }

        Assert.Equal(expected, await http.DrainAsync(clerk));

        using var history = await http.SendAsync(HttpMethod.Get, $"/api/staff/tickets/{id[2]}/history", admin);
        var marking = (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "category_set");
        Assert.Equal(("EMERGENCY", $"staff:{clerkName}"), (marking.GetProperty("detail").GetString(), marking.GetProperty("by").GetString()));
    }

    [Fact]
    public async Task A_service_with_a_priority_run_of_0_calls_everyone_by_arrival_and_admins_see_and_validate_it()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Arrival Room");
        using (var invalid = await http.SendAsync(HttpMethod.Put, $"/api/admin/services/{code}", admin, new { name = "Arrival", priorityRun = 11, targetWaitMinutes = 0 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("priorityRun", out _) && errors.TryGetProperty("targetWaitMinutes", out _));
        }

        using (var changed = await http.SendAsync(HttpMethod.Put, $"/api/admin/services/{code}", admin, new { name = "Arrival", priorityRun = 0, targetWaitMinutes = 45 }))
        {
            var service = await changed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((0, 45), (service.GetProperty("priorityRun").GetInt32(), service.GetProperty("targetWaitMinutes").GetInt32()));
        }

        // Left out of a later change, the rules stay.
        using (var renamed = await http.SendAsync(HttpMethod.Put, $"/api/admin/services/{code}", admin, new { name = "Arrival Desk" }))
        {
            Assert.Equal(0, (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("priorityRun").GetInt32());
        }

        var regular = await http.JoinAsync(code, system.Patient("Arrival 1"));
        using var senior = await http.SendAsync(HttpMethod.Post, "/join_queue/", system.Patient("Arrival 2").AccessToken, new { serviceCode = code, category = "PREGNANT" });
        var pregnant = await senior.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, pregnant.GetProperty("position").GetInt32());
        Assert.Equal([regular.TicketId, pregnant.GetProperty("ticketId").GetGuid()], await http.DrainAsync(admin, counterId));
    }

    [Fact]
    public async Task Staff_call_a_patient_out_of_turn_once_and_it_is_recorded_with_who()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, first) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Turn Room 1");
        var second = await ClinicSetup.AddCounterAsync(http, admin, code, "Turn Room 2");
        var tickets = new List<TicketResponse>();
        for (var i = 0; i < 4; i++)
        {
            tickets.Add(await http.JoinAsync(code, system.Patient($"Turn {i}")));
        }

        await http.ServeNextAsync(admin, first);
        var chosen = tickets.Last();

        // Both counters call the same patient at once: one gets them, the other is told they are no longer waiting.
        var calls = await Task.WhenAll(new[] { first, second }.Select(async counterId =>
        {
            using var response = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{chosen.TicketId}/call", admin, new { counterId });
            return (counterId, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        var won = Assert.Single(calls, c => c.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, Assert.Single(calls, c => c.StatusCode != HttpStatusCode.OK).StatusCode);
        var answer = JsonDocument.Parse(won.Body).RootElement;
        Assert.Equal((chosen.TicketId, "called", won.counterId), (answer.GetProperty("called").GetProperty("ticketId").GetGuid(),
            answer.GetProperty("called").GetProperty("status").GetString(), answer.GetProperty("called").GetProperty("counterId").GetInt32()));

        using var history = await http.SendAsync(HttpMethod.Get, $"/api/staff/tickets/{chosen.TicketId}/history", admin);
        var call = (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "called");
        Assert.Equal(("out_of_turn", "staff:admin"), (call.GetProperty("detail").GetString(), call.GetProperty("by").GetString()));

        using var unknown = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{Guid.NewGuid()}/call", admin, new { counterId = first });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noCounter = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{tickets[2].TicketId}/call", admin, new { });
        Assert.Equal(HttpStatusCode.BadRequest, noCounter.StatusCode);
    }

    [Fact]
    public async Task Bad_categories_are_problems_and_change_nothing()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Checked Room");
        var otherCounter = await ClinicSetup.AddCounterAsync(http, admin, code, "Other Room");
        var stranger = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", otherCounter), StaffHelpers.Password);
        var patient = system.Patient("Checked 1");

        foreach (var (category, status) in new[] { ("VIP", HttpStatusCode.BadRequest), ("EMERGENCY", HttpStatusCode.Forbidden) })
        {
            using var refused = await http.SendAsync(HttpMethod.Post, "/join_queue/", patient.AccessToken, new { serviceCode = code, category });
            Assert.Equal(status, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(await http.TicketsOfAsync(patient));
        var ticket = await http.JoinAsync(code, patient);
        Assert.Equal(counterId, ticket.CounterId);
        foreach (var (body, status) in new[] { ("""{"category": "VIP"}""", HttpStatusCode.BadRequest), ("""{"category": 7}""", HttpStatusCode.BadRequest), ("""{"category": """, HttpStatusCode.BadRequest) })
        {
            using var bad = await http.PostRawAsync($"/api/staff/tickets/{ticket.TicketId}/category", body, admin);
            Assert.Equal(status, bad.StatusCode);
        }

        using (var unknown = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{Guid.NewGuid()}/category", admin, new { category = "SENIOR" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var foreign = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{ticket.TicketId}/category", stranger, new { category = "SENIOR" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }

        Assert.Null(Assert.Single(await http.TicketsOfAsync(patient)).GetProperty("category").GetString());
        await http.ServeNextAsync(admin, ticket.CounterId);
        using var called = await http.SendAsync(HttpMethod.Post, $"/api/staff/tickets/{ticket.TicketId}/category", admin, new { category = "SENIOR" });
        Assert.Equal(HttpStatusCode.Conflict, called.StatusCode);
        var mine = Assert.Single(await http.TicketsOfAsync(patient));
        Assert.Equal(("called", JsonValueKind.Null), (mine.GetProperty("status").GetString(), mine.GetProperty("category").ValueKind));
    }

    [Fact]
    public async Task The_report_gives_waits_per_category_as_json_and_csv()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Category Report Room");
        await http.JoinAsync(code, system.Patient("Report Regular"));
        using (var senior = await http.SendAsync(HttpMethod.Post, "/join_queue/", system.Patient("Report Senior").AccessToken, new { serviceCode = code, category = "DISABILITY" }))
        {
            senior.EnsureSuccessStatusCode();
        }

        Assert.Equal(2, (await http.DrainAsync(admin, counterId)).Count);
        var categories = await Eventually.Get(async () =>
        {
            using var response = await http.SendAsync(HttpMethod.Get, $"/api/reports/daily?service={code}", admin);
            var rows = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("categories").EnumerateArray().ToList();
            return rows.Count == 2 && rows.All(r => r.GetProperty("called").GetInt32() == 1) ? rows : null;
        });
        Assert.Equal(["DISABILITY", "regular"], categories.Select(r => r.GetProperty("category").GetString()));
        Assert.All(categories, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("averageWaitMinutes").ValueKind));

        using var csv = await http.SendAsync(HttpMethod.Get, $"/api/reports/daily?service={code}&format=csv", admin);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.Contains(",category,", StringComparison.Ordinal) && line.Contains("DISABILITY", StringComparison.Ordinal));
    }
}
