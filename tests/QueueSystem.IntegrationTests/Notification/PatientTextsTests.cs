using Dapper;
using Npgsql;

namespace QueueSystem.IntegrationTests.Notification;

/// <summary>Patients signed in by SMS are texted when they are called and once when their turn is near.</summary>
[Collection(SystemCollection.Name)]
public sealed class PatientTextsTests(SystemFixture system)
{
    [Fact]
    public async Task A_call_texts_the_patient_once_and_whoever_becomes_third_in_line_is_reminded_once()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Room 7");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);

        // Five patients in one line: places 1 to 5.
        var patients = new List<PatientSession>();
        var tickets = new List<TicketResponse>();
        for (var i = 0; i < 5; i++)
        {
            patients.Add(await http.SignInPatientAsync($"Texted Patient {i}"));
            tickets.Add(await http.JoinAsync(code, patients[i]));
        }

        // Each call: the called patient is texted; the one who moves from 4th to 3rd is reminded.
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(tickets[call].TicketId, (await http.ServeNextAsync(staff)).Called);
            var called = await Eventually.Get(() => http.TextsAsync(patients[call].Phone, "called"));
            Assert.Equal($"{tickets[call].QueueId}, please go to Room 7.", called[0]);
            if (call + 3 < 5)
            {
                var reminder = await Eventually.Get(() => http.TextsAsync(patients[call + 3].Phone, "reminder"));
                Assert.Equal($"{tickets[call + 3].QueueId}: you are number 3 in line for Room 7. Please stay close by.", reminder[0]);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        int[] expectedCalls = [1, 1, 1, 0, 0];
        int[] expectedReminders = [0, 0, 0, 1, 1];
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expectedCalls[i], (await http.TextsAsync(patients[i].Phone, "called"))?.Count ?? 0);
            Assert.Equal(expectedReminders[i], (await http.TextsAsync(patients[i].Phone, "reminder"))?.Count ?? 0);
        }
    }

    [Fact]
    public async Task A_patient_whose_sign_in_never_reached_notification_is_still_texted_when_called()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (code, counterId) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Room 8");
        var staff = await http.LoginAsync(await http.CreateStaffAsync(admin, "operator", counterId), StaffHelpers.Password);
        var patient = await http.SignInPatientAsync("Lost Message");

        // As when the sign-in's message to Notification is lost in a broker outage: Notification does not know the phone.
        await using var db = new NpgsqlConnection(await system.ConnectionString("notificationdb"));
        await Eventually.Until(async () =>
            await db.ExecuteAsync("DELETE FROM notification.mt_doc_patientcontact WHERE id = @id", new { id = patient.PatientId }) == 1);
        var ticket = await http.JoinAsync(code, patient);
        Assert.Equal(ticket.TicketId, (await http.ServeNextAsync(staff)).Called);

        var called = await Eventually.Get(() => http.TextsAsync(patient.Phone, "called"));
        Assert.Equal($"{ticket.QueueId}, please go to Room 8.", called[0]);
    }
}
