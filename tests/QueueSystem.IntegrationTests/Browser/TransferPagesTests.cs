using static Microsoft.Playwright.Assertions;

namespace QueueSystem.IntegrationTests.Browser;

/// <summary>A visit across services in the pages: the doctor's desk sends the patient to the lab; the phone and the lab's desk update.</summary>
[Collection(SystemCollection.Name)]
public sealed class TransferPagesTests(SystemFixture system)
{
    [Fact]
    public async Task The_doctors_desk_sends_the_patient_to_the_lab_and_the_phone_and_the_labs_desk_show_it_at_once()
    {
        using var http = system.CreateGatewayClient();
        var admin = await http.LoginAdminAsync();
        var (opd, doctorCounter) = await ClinicSetup.NewServiceWithCounterAsync(http, admin, "Doctor Room");
        var lab = await ClinicSetup.NewServiceAsync(http, admin, "Blood Tests");
        var labCounter = await ClinicSetup.AddCounterAsync(http, admin, lab, "Sample Room");
        var doctor = await http.CreateStaffAsync(admin, "operator", doctorCounter);
        var technician = await http.CreateStaffAsync(admin, "operator", labCounter);
        await http.JoinAsync(lab, system.Patient("Already At Lab"));

        await using var chromium = await Chromium.LaunchAsync();
        var phone = await chromium.OpenOnPhoneAsync(new Uri(system.Gateway, $"/patient/?service={opd}&lang=en"));
        var number = Gateway.NewPhone();
        await phone.SignInPatientAsync(http, number, "Gopal Verma");
        await phone.ClickAsync($"#service-{opd}");
        var queueId = (await phone.Locator(".ticket.waiting .queue-id").TextContentAsync())!;

        var doctorDesk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        await doctorDesk.SignInAsync(doctor);
        await doctorDesk.ClickAsync("#call-next");
        await Expect(doctorDesk.Locator("#current-id")).ToHaveTextAsync(queueId);
        await Expect(phone.Locator("#called")).ToBeVisibleAsync();
        await phone.ClickAsync("#called-ok");

        var labDesk = await chromium.OpenAsync(new Uri(system.Gateway, "/staff/"));
        await labDesk.SignInAsync(technician);
        await Expect(labDesk.Locator("#waiting-count")).ToHaveTextAsync("1");

        // The doctor sends the patient to the lab with a note.
        await doctorDesk.ClickAsync("#send-current");
        await doctorDesk.SelectOptionAsync("#send-service", lab);
        await doctorDesk.FillAsync("#send-note", "fasting blood sugar");
        await Chromium.ScreenshotAsync(doctorDesk, "staff-send-to");
        await Chromium.AssertAccessibleAsync(doctorDesk);
        await doctorDesk.ClickAsync("#send-confirm");
        await Expect(doctorDesk.Locator("#message")).ToHaveTextAsync($"{queueId} was sent to Blood Tests: number 2 there.");
        await Expect(doctorDesk.Locator("#current-id")).ToHaveTextAsync("—"); // the doctor's counter is free

        // The phone says where to go and lists the earlier step; the lab's desk shows where the patient came from.
        await Expect(phone.Locator(".ticket.waiting .moved")).ToHaveTextAsync("Please go to Blood Tests — you are number 2.");
        await Expect(phone.Locator(".ticket.waiting .steps li")).ToHaveCountAsync(1);
        await Expect(phone.Locator(".ticket.waiting .queue-id")).ToHaveTextAsync(queueId);
        await Chromium.ScreenshotAsync(phone, "patient-sent-to-lab");
        await Chromium.AssertAccessibleAsync(phone);
        await Expect(labDesk.Locator("#waiting-count")).ToHaveTextAsync("2");
        await Expect(labDesk.Locator("#waiting tr").Last).ToContainTextAsync("fasting blood sugar");
        await Expect(labDesk.Locator("#waiting tr").Last).ToContainTextAsync(queueId);
        await Chromium.ScreenshotAsync(labDesk, "staff-received-from-opd");

        // Called at the lab, the hall screen shows the same number at the lab's counter.
        var hall = await chromium.OpenAsync(new Uri(system.Gateway, $"/display/?service={lab}"));
        await labDesk.ClickAsync("#call-next");
        await labDesk.ClickAsync("#call-next");
        await Expect(labDesk.Locator("#current-id")).ToHaveTextAsync(queueId);
        await Expect(hall.Locator("body")).ToContainTextAsync(queueId);
        await Expect(hall.Locator("body")).ToContainTextAsync("Sample Room");
        Assert.Empty(chromium.PageErrors);
    }
}
