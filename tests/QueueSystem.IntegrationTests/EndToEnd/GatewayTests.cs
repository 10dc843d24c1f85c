using System.Net;

namespace QueueSystem.IntegrationTests.EndToEnd;

[Collection(SystemCollection.Name)]
public sealed class GatewayTests(SystemFixture system)
{
    [Fact]
    public async Task Health_is_200_once_every_service_is_ready()
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_root_serves_the_web_page()
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/join_queue")]
    [InlineData("/join_queue/")]
    public async Task Seed_paths_answer_with_and_without_the_trailing_slash(string path)
    {
        using var http = system.CreateGatewayClient();
        var patient = await http.SignInPatientAsync("Slash");
        using var response = await http.SendAsync(HttpMethod.Post, path, patient.AccessToken, new { serviceCode = "OPD" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("""{"serviceCode": 42}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"serviceCode": ""}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"serviceCode": "NOPE"}""", HttpStatusCode.NotFound)]
    public async Task Bad_joins_get_a_problem_response(string body, HttpStatusCode expected)
    {
        using var http = system.CreateGatewayClient();
        var patient = await http.SignInPatientAsync("Bad Input");
        using var response = await http.PostRawAsync("/join_queue/", body, patient.AccessToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_plain_request_to_the_websocket_path_is_a_problem_not_an_error()
    {
        using var http = system.CreateGatewayClient();
        using var response = await http.GetAsync("/ws/queue/updates/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
