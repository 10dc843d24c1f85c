using Microsoft.Playwright;

namespace QueueSystem.IntegrationTests;

/// <summary>Sign-in forms of the pages, filled as a person would.</summary>
public static class SignInPages
{
    /// <summary>Signs a member of staff in on a staff page's sign-in form (the desk, reception, admin).</summary>
    public static async Task SignInAsync(this IPage page, string username, string password = StaffHelpers.Password)
    {
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
    }

    /// <summary>Signs a new patient in on the patient app: phone, name, the SMS code read from the development outbox.</summary>
    public static async Task SignInPatientAsync(this IPage page, HttpClient http, string phone, string name)
    {
        await page.FillAsync("#phone", phone);
        await page.ClickAsync("#send-code");
        await page.FillAsync("#name", name);
        await page.ClickAsync("#send-code");
        await page.FillAsync("#code", await http.LatestCodeAsync(phone));
        await page.ClickAsync("#verify");
    }
}
