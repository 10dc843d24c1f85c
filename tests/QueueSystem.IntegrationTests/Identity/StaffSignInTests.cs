using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Identity;

[Collection(SystemCollection.Name)]
public sealed class StaffSignInTests(SystemFixture system)
{
    [Fact]
    public async Task The_first_admin_signs_in_with_the_configured_password()
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.PostAsJsonAsync("/staff/login/", new { username = "admin", password = SystemFixture.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("admin", body.GetProperty("staff").GetProperty("role").GetString());
        Assert.True(body.GetProperty("expiresInSeconds").GetInt32() > 0);
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_401()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var username = await http.CreateStaffAsync(admin, "supervisor");

        var wrongPassword = await http.ComparableAnswerAsync("/staff/login/", new { username, password = "not-the-password" });
        var unknownUser = await http.ComparableAnswerAsync("/staff/login/", new { username = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "not-the-password" });
        // Found by the fuzzer: a NUL in the name was a 500 (PostgreSQL refuses it in text).
        var controlCharacters = await http.ComparableAnswerAsync("/staff/login/", new { username = "admin\u0000", password = "not-the-password" });

        Assert.Equal(wrongPassword, unknownUser);
        Assert.Equal(wrongPassword, controlCharacters);
        Assert.StartsWith("401 ", wrongPassword, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failed_logins_slow_down_that_address_even_for_the_right_password()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var username = await http.CreateStaffAsync(admin, "operator", counterId: 1);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/staff/login/", new { username, password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await http.PostAsJsonAsync("/staff/login/", new { username, password = StaffHelpers.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 50, 60);

        // An admin resetting the password lifts the wait.
        using var reset = await http.SendAsync(HttpMethod.Put, $"/api/admin/staff/{username}", admin, new { password = "Maple-Quartz-Otter-22", role = "operator", counterId = 1 });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await http.LoginAsync(username, "Maple-Quartz-Otter-22");
    }

    [Fact]
    public async Task Admins_manage_staff_and_no_answer_carries_a_password()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var username = await http.CreateStaffAsync(admin, "operator", counterId: 2);

        using var list = await http.SendAsync(HttpMethod.Get, "/api/admin/staff", admin);
        var text = await list.Content.ReadAsStringAsync();
        Assert.Contains(username, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);

        using var update = await http.SendAsync(HttpMethod.Put, $"/api/admin/staff/{username}", admin, new { role = "supervisor", isActive = true });
        var updated = await update.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("supervisor", updated.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("counterId").ValueKind);

        using var duplicate = await http.SendAsync(HttpMethod.Post, "/api/admin/staff", admin, new { username, password = "Another-Violet-Comet-1", role = "admin" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Theory]
    [InlineData("""{"username": "ab", "password": "Long-Enough-Cobalt-1", "role": "admin"}""", "username")]
    [InlineData("""{"username": "valid.name", "password": "short", "role": "admin"}""", "password")]
    [InlineData("""{"username": "valid.name", "password": "          ", "role": "admin"}""", "password")]
    [InlineData("""{"username": "valid.name", "password": "valid.name.valid.name", "role": "admin"}""", "password")]
    [InlineData("""{"username": "valid.name", "password": "Password123!", "role": "admin"}""", "password")]
    [InlineData("""{"username": "valid.name", "password": "qwertyuiop1", "role": "admin"}""", "password")]
    [InlineData("""{"username": "valid.name", "password": "Long-Enough-Cobalt-1", "role": "king"}""", "role")]
    [InlineData("""{"username": "valid.name", "password": "Long-Enough-Cobalt-1", "role": "operator"}""", "counterId")]
    [InlineData("""{"username": "valid.name", "password": "Long-Enough-Cobalt-1", "role": "admin", "counterId": 3}""", "counterId")]
    [InlineData("""{"username": "<script>x", "password": "Long-Enough-Cobalt-1", "role": "admin"}""", "username")]
    public async Task Invalid_staff_get_a_validation_problem_and_nothing_is_created(string body, string field)
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        using var response = await http.PostRawAsync("/api/admin/staff", body, admin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        using var list = await http.SendAsync(HttpMethod.Get, "/api/admin/staff", admin);
        Assert.DoesNotContain("valid.name", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted_or_deactivated()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        using var list = await http.SendAsync(HttpMethod.Get, "/api/admin/staff", admin);
        var admins = (await list.Content.ReadFromJsonAsync<JsonElement[]>())!
            .Count(s => s.GetProperty("role").GetString() == "admin" && s.GetProperty("isActive").GetBoolean());
        Assert.Equal(1, admins);

        using var demote = await http.SendAsync(HttpMethod.Put, "/api/admin/staff/admin", admin, new { role = "supervisor" });
        using var deactivate = await http.SendAsync(HttpMethod.Put, "/api/admin/staff/admin", admin, new { role = "admin", isActive = false });

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, deactivate.StatusCode);
        await http.LoginAdminAsync();
    }

    [Fact]
    public async Task Updating_an_unknown_account_is_404()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        using var response = await http.SendAsync(HttpMethod.Put, "/api/admin/staff/no-such-user", admin, new { role = "admin" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Failing_in_someone_s_name_slows_down_only_the_address_that_failed()
    {
        using var http = system.CreateGatewayClient();
        var username = await http.CreateStaffAsync(await http.LoginAdminAsync(), "supervisor");
        using var attacker = new HttpClient(LocalAddress.Handler("127.0.0.5")) { BaseAddress = system.Gateway };
        using var colleague = new HttpClient(LocalAddress.Handler("127.0.0.6")) { BaseAddress = system.Gateway };

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await attacker.PostAsJsonAsync("/staff/login/", new { username, password = "guessing-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var slowed = await attacker.PostAsJsonAsync("/staff/login/", new { username, password = StaffHelpers.Password }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        }

        // The member of staff, at their own desk, signs in as usual.
        await colleague.LoginAsync(username, StaffHelpers.Password);
    }

    [Fact]
    public async Task After_repeated_failures_known_and_unknown_usernames_get_the_same_answer()
    {
        using var http = system.CreateGatewayClient();
        var known = await http.CreateStaffAsync(await http.LoginAdminAsync(), "operator", counterId: 1);
        var unknown = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        using var prober = new HttpClient(LocalAddress.Handler("127.0.0.7")) { BaseAddress = system.Gateway };
        async Task<string> SixthAnswerAsync(string username)
        {
            for (var i = 0; i < 5; i++)
            {
                using var wrong = await prober.PostAsJsonAsync("/staff/login/", new { username, password = "guessing-" + i });
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }

            return await prober.ComparableAnswerAsync("/staff/login/", new { username, password = "guessing-6" });
        }

        var forKnown = await SixthAnswerAsync(known);
        Assert.StartsWith("429 ", forKnown, StringComparison.Ordinal);
        Assert.Equal(forKnown, await SixthAnswerAsync(unknown));
    }
}
