using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests;

public static class StaffHelpers
{
    /// <summary>The password of every member of staff a test creates: one zxcvbn finds hard to guess.</summary>
    public const string Password = "Heron-Desk-Lamp-47";

    public static async Task<string> LoginAsync(this HttpClient http, string username, string password)
    {
        using var response = await http.PostAsJsonAsync("/staff/login/", new { username, password });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public static Task<string> LoginAdminAsync(this HttpClient http) => http.LoginAsync("admin", SystemFixture.AdminPassword);

    /// <summary>Creates a staff account as admin and returns its username.</summary>
    public static async Task<string> CreateStaffAsync(this HttpClient http, string adminToken, string role, int? counterId = null, string password = Password)
    {
        var username = $"{role}-{Guid.NewGuid():N}"[..24];
        using var response = await http.SendAsync(HttpMethod.Post, "/api/admin/staff", adminToken, new { username, password, role, counterId });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return username;
    }
}
