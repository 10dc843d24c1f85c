using System.Net;

namespace QueueSystem.IntegrationTests.Display;

/// <summary>
/// Patients' names come in Devanagari, Tamil, with accents and emoji. The read side keeps them as they
/// are (found by the fuzzer: its tables were Latin-1, so such a name could not be stored or compared).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class NamesInEveryScriptTests(SystemFixture system)
{
    private static readonly string[] Names = ["सुनीता देवी", "அருண் குமார்", "Zoë O'Brien 😀"];

    [Fact]
    public async Task Names_in_any_script_reach_the_screen_unchanged_and_odd_filters_are_no_error()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "काउंटर १ 😀");
        foreach (var name in Names)
        {
            await http.JoinAsync(code, system.Patient(name));
        }

        // The new counter reaches the read side with the next catalog publication (within seconds).
        await Eventually.Until(async () =>
        {
            await using var probe = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
            return (await probe.NextAsync("initial_data")).GetProperty("counters").GetArrayLength() == 1;
        });
        await using var screen = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={code}"));
        Assert.Equal("काउंटर १ 😀", (await screen.NextAsync("initial_data")).GetProperty("counters")[0].GetProperty("counter_name").GetString());
        foreach (var name in Names)
        {
            await http.ServeNextAsync(admin, counterId);
            var call = await screen.NextAsync("patient_called");
            Assert.Equal(name, call.GetProperty("patient_name").GetString());
        }

        foreach (var filter in new[] { "😀", "सेवा", "' OR 1=1 --" })
        {
            using var report = await http.SendAsync(HttpMethod.Get, $"/api/reports/daily?service={Uri.EscapeDataString(filter)}", admin);
            Assert.True(report.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{filter}: {report.StatusCode}");
            await using var filtered = await DisplaySocket.ConnectAsync(system.Gateway.WebSocketUri($"/ws/queue/updates/?service={Uri.EscapeDataString(filter)}"));
            Assert.Empty((await filtered.NextAsync("initial_data")).GetProperty("counters").EnumerateArray());
        }
    }
}
