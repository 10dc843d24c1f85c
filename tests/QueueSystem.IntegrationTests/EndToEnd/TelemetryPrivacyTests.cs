using System.Net;
using Aspire.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace QueueSystem.IntegrationTests.EndToEnd;

/// <summary>What the services export to the dashboard (traces, logs, metrics) never holds a phone number, a code or a token.</summary>
[Collection(SystemCollection.Name)]
public sealed class TelemetryPrivacyTests(SystemFixture system)
{
    [Fact]
    public async Task A_sign_in_and_a_hub_connection_leave_no_phone_code_or_token_in_the_exported_telemetry()
    {
        const string endpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
        var identity = await system.App.ResourceNotifications.WaitForResourceAsync("identity", e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == endpointVariable));
        await using var collector = await OtlpCollector.StartAsync(new Uri(identity.Snapshot.EnvironmentVariables.First(v => v.Name == endpointVariable).Value!));
        using var http = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();

        using (var lookup = await http.GetAsync($"/check_patient/?phone={Uri.EscapeDataString(phone)}"))
        {
            Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        }

        var patient = await http.SignInPatientAsync("Private Person", phone);
        var code = await http.LatestCodeAsync(phone);
        // As the browser connects: the token in the query string of the WebSocket request.
        await using (var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.Gateway, $"/hubs/queue?access_token={patient.AccessToken}"), HttpTransportType.WebSockets)
            .Build())
        {
            await hub.StartAsync();
            await hub.StopAsync(); // the request's span ends when its socket closes
        }

        // The spans of both requests arrived (batches leave every second), so what they carry can be read.
        await Eventually.Until(() => collector.Text.Contains("/hubs/queue", StringComparison.Ordinal) && collector.Text.Contains("/check_patient", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var exported = collector.Text;
        Assert.DoesNotContain(phone[3..], exported, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.AccessToken.Split('.')[2], exported, StringComparison.Ordinal);
        Assert.DoesNotContain($"={code}", exported, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{code}\"", exported, StringComparison.Ordinal);
    }
}
