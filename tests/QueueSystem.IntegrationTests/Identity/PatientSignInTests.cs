using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QueueSystem.IntegrationTests.Identity;

/// <summary>Patients sign in with a one-time code, through the gateway, against the running system.</summary>
[Collection(SystemCollection.Name)]
public sealed class PatientSignInTests(SystemFixture system)
{
    [Fact]
    public async Task The_code_from_the_sms_signs_a_new_patient_in_and_the_token_lets_them_join()
    {
        using var http = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();
        Assert.False(await Exists(http, phone));

        var patient = await http.SignInPatientAsync("Asha Rao", phone);

        Assert.Equal("Asha Rao", patient.Name);
        Assert.True(await Exists(http, phone));
        var ticket = await http.JoinAsync("OPD", patient);
        Assert.Equal("Asha Rao", ticket.PatientName);
    }

    [Fact]
    public async Task Five_wrong_codes_kill_the_code_and_the_sixth_try_fails_even_when_right()
    {
        using var http = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();
        using (await http.PostAsJsonAsync("/send_otp/", new { phone, name = "Brute Force" }))
        {
        }

        var code = await http.LatestCodeAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var left = 4; left >= 0; left--)
        {
            using var response = await http.PostAsJsonAsync("/verify_otp/", new { phone, code = wrong });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(left, problem.GetProperty("attemptsLeft").GetInt32());
        }

        using var sixth = await http.PostAsJsonAsync("/verify_otp/", new { phone, code });
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.False(await Exists(http, phone));
    }

    [Fact]
    public async Task Parallel_guesses_never_get_more_than_five_tries()
    {
        using var http = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();
        using (await http.PostAsJsonAsync("/send_otp/", new { phone, name = "Parallel" }))
        {
        }

        var code = await http.LatestCodeAsync(phone);
        var guesses = Enumerable.Range(0, 20)
            .Select(i => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Select(async guess =>
            {
                using var response = await http.PostAsJsonAsync("/verify_otp/", new { phone, code = guess });
                return response.StatusCode;
            });
        var answers = await Task.WhenAll(guesses);

        Assert.Equal(5, answers.Count(status => status == HttpStatusCode.BadRequest));
        Assert.Equal(15, answers.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_code_works_once()
    {
        using var http = system.CreateGatewayClient();
        var patient = await http.SignInPatientAsync("Once");
        var code = await http.LatestCodeAsync(patient.Phone);

        using var again = await http.PostAsJsonAsync("/verify_otp/", new { phone = patient.Phone, code });

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Known_and_unknown_phones_get_the_same_answers()
    {
        using var http = system.CreateGatewayClient();
        var known = await http.SignInPatientAsync("Known");
        var unknown = Gateway.NewPhone();

        var knownVerify = await http.ComparableAnswerAsync("/verify_otp/", new { phone = known.Phone, code = "123456" });
        var unknownVerify = await http.ComparableAnswerAsync("/verify_otp/", new { phone = unknown, code = "123456" });
        Assert.Equal(knownVerify, unknownVerify);
        Assert.StartsWith("400 ", knownVerify, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phone_numbers_typed_in_other_forms_find_the_same_patient()
    {
        using var http = system.CreateGatewayClient();
        var patient = await http.SignInPatientAsync("Formats");
        var national = patient.Phone[3..]; // +91 9812345678 -> 9812345678

        foreach (var typed in new[] { $"+91 {national[..5]} {national[5..]}", $"0{national}", national, $"+91-{national[..5]}-{national[5..]}", $"0091{national}" })
        {
            Assert.True(await Exists(http, typed), typed);
        }
    }

    [Theory]
    [InlineData("""{"phone": "12345", "name": "A"}""", "Invalid phone number")]
    [InlineData("""{"phone": "not a phone", "name": "A"}""", "Invalid phone number")]
    [InlineData("""{"phone": "+919812345678", "name": "   "}""", "Invalid name")]
    [InlineData("""{"phone": "+919812345678", "name": "bell\u0007"}""", "Invalid name")]
    [InlineData("""{"phone": "+919812345678", "name": "\u202EEMERGENCY Asha"}""", "Invalid name")]
    [InlineData("""{"phone": "+919812345678", "name": "Asha\u200BRao"}""", "Invalid name")]
    [InlineData("""{"phone": "+16502530000", "name": "Abroad"}""", "Invalid phone number")]
    [InlineData("""{"phone": "+442079460958", "name": "Abroad"}""", "Invalid phone number")]
    [InlineData("""{"phone": 919812345678}""", null)]
    [InlineData("""{"phone": """, null)]
    public async Task Bad_code_requests_get_a_problem_and_send_nothing(string body, string? title)
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.PostRawAsync("/send_otp/", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (title is not null)
        {
            Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }

        var outbox = await http.GetFromJsonAsync<JsonElement[]>("/dev/sms?phone=%2B919812345678");
        Assert.Empty(outbox!);
    }

    [Theory]
    [InlineData("""{"phone": "+919812345678", "code": "12345"}""")]
    [InlineData("""{"phone": "+919812345678", "code": "abcdef"}""")]
    [InlineData("""{"phone": "+919812345678"}""")]
    [InlineData("""{"code": "123456"}""")]
    [InlineData("[]")]
    public async Task Malformed_verifications_are_400_problems(string body)
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.PostRawAsync("/verify_otp/", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_new_phone_without_a_name_is_asked_for_one()
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.PostAsJsonAsync("/send_otp/", new { phone = Gateway.NewPhone() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Name required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_second_code_within_the_cooldown_is_refused_with_retry_after()
    {
        using var http = system.CreateGatewayClient();
        var phone = Gateway.NewPhone();
        using var first = await http.PostAsJsonAsync("/send_otp/", new { phone, name = "Hasty" });
        using var second = await http.PostAsJsonAsync("/send_otp/", new { phone, name = "Hasty" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.InRange(second.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
    }

    private static async Task<bool> Exists(HttpClient http, string phone)
    {
        var answer = await http.GetFromJsonAsync<JsonElement>($"/check_patient/?phone={Uri.EscapeDataString(phone)}");
        Assert.Single(answer.EnumerateObject());
        return answer.GetProperty("exists").GetBoolean();
    }
}
