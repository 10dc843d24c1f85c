using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Display;

/// <summary>Supervisors read the day's KPIs from the read models, as JSON or CSV.</summary>
[Collection(SystemCollection.Name)]
public sealed class ReportsTests(SystemFixture system)
{
    [Fact]
    public async Task A_supervisor_gets_the_day_of_a_service_as_json_and_csv_and_others_are_refused()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Report Room");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var supervisor = await http.LoginAsync(await http.CreateStaffAsync(admin, "supervisor"), StaffHelpers.Password);
        for (var i = 0; i < 3; i++)
        {
            await http.JoinAsync(code, system.Patient($"Reported {i}"));
        }

        await http.ServeNextAsync(staff); // calls the first
        using (var skip = await http.SendAsync(HttpMethod.Post, "/staff/skip_patient/", staff, new { counterId }))
        {
            skip.EnsureSuccessStatusCode(); // the first did not come; the second is called
        }

        await http.ServeNextAsync(staff); // the second served, the third called
        var service = await Eventually.Get(async () =>
        {
            using var response = await http.SendAsync(HttpMethod.Get, $"/api/reports/daily?service={code}", supervisor);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>();
            var figures = report.GetProperty("services").EnumerateArray().SingleOrDefault();
            return figures.ValueKind == JsonValueKind.Object && figures.GetProperty("called").GetInt32() == 3 ? new Box(figures) : null;
        });
        Assert.Equal(3, service.Value.GetProperty("joined").GetInt32());
        Assert.Equal(1, service.Value.GetProperty("served").GetInt32());
        Assert.Equal(1, service.Value.GetProperty("noShows").GetInt32());
        Assert.Equal(0.33, service.Value.GetProperty("noShowRate").GetDouble());

        using var csv = await http.SendAsync(HttpMethod.Get, $"/api/reports/daily?service={code}&format=csv", supervisor);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Date,Scope,Service,Counter,Hour,Joined", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains($",service,{code},", StringComparison.Ordinal) && line.Contains(",3,3,1,1,", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($",counter,{code},{counterId},", StringComparison.Ordinal));

        using (var operatorAsks = await http.SendAsync(HttpMethod.Get, "/api/reports/daily", staff))
        {
            Assert.Equal(HttpStatusCode.Forbidden, operatorAsks.StatusCode);
        }

        using var badDate = await http.SendAsync(HttpMethod.Get, "/api/reports/daily?date=27-11-2026", supervisor);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Equal("application/problem+json", badDate.Content.Headers.ContentType?.MediaType);
    }

    private sealed record Box(JsonElement Value);
}
