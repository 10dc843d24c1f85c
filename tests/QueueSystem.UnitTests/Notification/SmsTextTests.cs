using System.Text.Json;
using Microsoft.Extensions.Options;
using QueueSystem.Notification.Gateway;
using QueueSystem.Notification.Sending;
using QueueSystem.Notification.Templates;

namespace QueueSystem.UnitTests.Notification;

public class SmsTextTests
{
    private static SmsTemplates Templates(SmsOptions? options = null) => new(Options.Create(options ?? new SmsOptions()));

    private static readonly SmsMessage Message = new(Guid.NewGuid(), "+919876543210", "Say \"hi\" & go", SmsKind.Called, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);

    [Fact]
    public void A_call_reads_as_the_ticket_and_the_counter_in_english_and_hindi()
    {
        var values = new Dictionary<string, object> { ["queue_id"] = "OPD_001_4821", ["counter"] = "Counter 2" };

        Assert.Equal("OPD_001_4821, please go to Counter 2.", Templates().Render("en", SmsKind.Called, values));
        Assert.Equal("OPD_001_4821, कृपया Counter 2 पर जाएं।", Templates().Render("hi", SmsKind.Called, values));
    }

    [Fact]
    public void A_transfer_reads_as_the_ticket_the_service_and_the_place_in_english_and_hindi()
    {
        var values = new Dictionary<string, object> { ["queue_id"] = "OPD_001_4821", ["service"] = "Laboratory Tests", ["position"] = 3 };

        Assert.Equal("OPD_001_4821: please go to Laboratory Tests, you are number 3.", Templates().Render("en", SmsKind.Transferred, values));
        Assert.Equal("OPD_001_4821: कृपया Laboratory Tests जाएं, वहाँ आपका नंबर 3 है।", Templates().Render("hi", SmsKind.Transferred, values));
    }

    [Fact]
    public void The_facility_setting_chooses_the_language_and_others_keep_the_default()
    {
        var templates = Templates(new SmsOptions { Language = "en", FacilityLanguages = { ["north"] = "hi" } });

        Assert.Equal("hi", templates.LanguageOf("north"));
        Assert.Equal("en", templates.LanguageOf("south"));
        Assert.Equal("en", templates.LanguageOf(null));
    }

    [Fact]
    public void A_language_can_be_added_by_configuration_and_must_be_complete_and_use_known_placeholders()
    {
        var texts = new Dictionary<string, string> { ["otp"] = "{code} ({minutes})", ["called"] = "{queue_id} → {counter}", ["reminder"] = "{queue_id} #{position} {counter}", ["transferred"] = "{queue_id} → {service} #{position}" };
        var templates = Templates(new SmsOptions { Language = "xx", Templates = { ["xx"] = texts } });
        Assert.Equal("123456 (5)", templates.Render("xx", SmsKind.Otp, new Dictionary<string, object> { ["code"] = "123456", ["minutes"] = 5 }));

        var incomplete = new SmsOptions { Language = "yy", Templates = { ["yy"] = new() { ["otp"] = "{code}" } } };
        Assert.Contains("'called'", Assert.Throws<InvalidOperationException>(() => Templates(incomplete)).Message, StringComparison.Ordinal);

        var misspelt = new SmsOptions { Templates = { ["en"] = new() { ["called"] = "{queue_id} to {countr}" } } };
        Assert.Contains("{countr}", Assert.Throws<InvalidOperationException>(() => Templates(misspelt)).Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => Templates(new SmsOptions { Language = "fr" }));
    }

    [Fact]
    public async Task A_json_gateway_body_escapes_the_text_and_keeps_hindi_readable()
    {
        var gateway = new SmsGatewayOptions { Url = new Uri("http://sms.example/send"), Sender = "HOSP" };

        using var request = HttpSmsGateway.BuildRequest(gateway, Message with { Body = "कृपया \"2\" पर" });
        var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync()).RootElement;

        Assert.Equal("+919876543210", body.GetProperty("to").GetString());
        Assert.Equal("कृपया \"2\" पर", body.GetProperty("message").GetString());
        Assert.Equal(Message.Id.ToString(), body.GetProperty("reference").GetString());
        Assert.Equal("application/json", request.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_form_gateway_body_is_url_encoded_and_credentials_go_in_headers()
    {
        var gateway = new SmsGatewayOptions
        {
            Url = new Uri("http://sms.example/send"),
            ContentType = "application/x-www-form-urlencoded",
            BodyTemplate = "To={to_digits}&Body={body}&From={sender}",
            Sender = "HOSP Q",
            Username = "account",
            Password = "secret",
            ApiKeyHeader = "X-API-Key",
            ApiKey = "key-1",
        };

        using var request = HttpSmsGateway.BuildRequest(gateway, Message);

        Assert.Equal("To=919876543210&Body=Say%20%22hi%22%20%26%20go&From=HOSP%20Q", await request.Content!.ReadAsStringAsync());
        Assert.Equal("Basic", request.Headers.Authorization!.Scheme);
        Assert.Equal("account:secret", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!)));
        Assert.Equal("key-1", Assert.Single(request.Headers.GetValues("X-API-Key")));
    }

    [Theory]
    [InlineData("+919876543210", "+91******3210")]
    [InlineData("+14155550100", "+14*****0100")]
    [InlineData("12345", "*****")]
    public void Logged_phones_are_masked(string phone, string masked) => Assert.Equal(masked, PhoneMask.Mask(phone));
}
