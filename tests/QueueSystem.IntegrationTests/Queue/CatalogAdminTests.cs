using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Queue;

/// <summary>Admins manage services and counters; patients join what exists and is open.</summary>
[Collection(SystemCollection.Name)]
public sealed class CatalogAdminTests(SystemFixture system)
{
    private static readonly string[] WeekDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    [Fact]
    public async Task A_new_service_with_a_counter_takes_patients_and_closes_when_deactivated()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var code = "X" + Random.Shared.Next(100_000, 999_999);

        using (var created = await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = "X-Ray", description = "Imaging" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A service without a counter within its hours is closed.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await JoinStatus(http, code));

        using var counter = await http.SendAsync(HttpMethod.Post, "/api/admin/counters", admin, new { name = "X-Ray Room", serviceCode = code, startTime = "00:00", endTime = "24:00" });
        Assert.Equal(HttpStatusCode.Created, counter.StatusCode);
        var counterId = (await counter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var ticket = await http.JoinAsync(code, system.Patient("Imaging Patient"));
        Assert.Equal(counterId, ticket.CounterId);
        Assert.StartsWith($"{code}_001_", ticket.QueueId, StringComparison.Ordinal);

        // The counter cannot change service while a patient waits at it.
        using (var move = await http.SendAsync(HttpMethod.Put, $"/api/admin/counters/{counterId}", admin, new { name = "Moved", serviceCode = "OPD" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, move.StatusCode);
        }

        using (var off = await http.SendAsync(HttpMethod.Put, $"/api/admin/services/{code}", admin, new { name = "X-Ray", isActive = false }))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await JoinStatus(http, code));
        using var duplicate = await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task A_service_not_running_today_is_closed()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var code = "W" + Random.Shared.Next(100_000, 999_999);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")).DayOfWeek.ToString()[..3];
        var otherDays = WeekDays.Where(d => d != today).ToArray();

        using (await http.SendAsync(HttpMethod.Post, "/api/admin/services", admin, new { code, name = "Weekly", weekDays = otherDays }))
        {
        }

        using (await http.SendAsync(HttpMethod.Post, "/api/admin/counters", admin, new { name = "Weekly Room", serviceCode = code }))
        {
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await JoinStatus(http, code));
    }

    [Theory]
    [InlineData("/api/admin/services", """{"code": "lower", "name": "Bad"}""", "code")]
    [InlineData("/api/admin/services", """{"code": "1ABC", "name": "Bad"}""", "code")]
    [InlineData("/api/admin/services", """{"code": "ABCDEFGHIJK", "name": "Bad"}""", "code")]
    [InlineData("/api/admin/services", """{"code": "GOOD", "name": ""}""", "name")]
    [InlineData("/api/admin/services", """{"code": "GOOD", "name": "Days", "weekDays": ["Funday"]}""", "weekDays")]
    [InlineData("/api/admin/counters", """{"name": "Room", "serviceCode": "NOPE"}""", "serviceCode")]
    [InlineData("/api/admin/counters", """{"name": "Room", "serviceCode": "OPD", "startTime": "17:00", "endTime": "09:00"}""", "startTime")]
    [InlineData("/api/admin/counters", """{"name": "Room", "serviceCode": "OPD", "startTime": "25:00"}""", "startTime")]
    [InlineData("/api/admin/counters", """{"name": "", "serviceCode": "OPD"}""", "name")]
    [InlineData("/api/admin/counters", """{"name": "Room\u200B 1", "serviceCode": "OPD"}""", "name")]
    [InlineData("/api/admin/services", """{"code": "GOOD", "name": "\u202Edrow"}""", "name")]
    [InlineData("/api/admin/services", """{"code": "GOOD", "name": "Good", "description": "hidden\u2066text"}""", "description")]
    public async Task Invalid_services_and_counters_are_validation_problems_and_create_nothing(string path, string body, string field)
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var before = await (await http.SendAsync(HttpMethod.Get, path, admin)).Content.ReadAsStringAsync();

        using var response = await http.PostRawAsync(path, body, admin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await (await http.SendAsync(HttpMethod.Get, path, admin)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_services_and_counters_are_404_and_only_admins_manage_them()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var supervisor = await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(HttpMethod.Put, "/api/admin/services/NOSUCH", admin, new { name = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(HttpMethod.Put, "/api/admin/counters/9999", admin, new { name = "X", serviceCode = "OPD" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(HttpMethod.Get, "/api/admin/counters", supervisor)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(HttpMethod.Post, "/api/admin/services", supervisor, new { code = "SUPER", name = "No" })).StatusCode);
    }

    private async Task<HttpStatusCode> JoinStatus(HttpClient http, string code)
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/join_queue/", system.Patient("Closed Check").AccessToken, new { serviceCode = code });
        return response.StatusCode;
    }
}
