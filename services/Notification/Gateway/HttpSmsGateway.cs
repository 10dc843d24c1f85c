using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using QueueSystem.Notification.Sending;

namespace QueueSystem.Notification.Gateway;

/// <summary>
/// Sends each message as one HTTP request to the configured SMS gateway. Quick retries, the attempt
/// timeout and the circuit breaker sit in the HTTP client's resilience pipeline (see
/// <see cref="SmsGatewayRegistration"/>); here a final answer is sorted into delivered, refused for
/// good (4xx: <see cref="SmsRejectedException"/>) or failed for now (anything else: retried later).
/// </summary>
public sealed class HttpSmsGateway(HttpClient http, IOptions<SmsOptions> options, ILogger<HttpSmsGateway> logger) : ISmsSender
{
    private readonly SmsGatewayOptions gateway = options.Value.Gateway;

    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        using var request = BuildRequest(gateway, message);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            logger.LogInformation("SMS {Kind} to {Phone} accepted by the gateway", message.Kind, PhoneMask.Mask(message.To));
            return;
        }

        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500 && response.StatusCode is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests)
        {
            throw new SmsRejectedException($"The SMS gateway refused the message with {status} {response.ReasonPhrase}.");
        }

        throw new HttpRequestException($"The SMS gateway answered {status} {response.ReasonPhrase}.", null, response.StatusCode);
    }

    public static HttpRequestMessage BuildRequest(SmsGatewayOptions gateway, SmsMessage message)
    {
        var escape = EscaperFor(gateway.ContentType);
        var body = new StringBuilder(gateway.BodyTemplate)
            .Replace("{to_digits}", escape(message.To.TrimStart('+')))
            .Replace("{to}", escape(message.To))
            .Replace("{body}", escape(message.Body))
            .Replace("{id}", escape(message.Id.ToString()))
            .Replace("{sender}", escape(gateway.Sender))
            .ToString();
        var request = new HttpRequestMessage(new HttpMethod(gateway.Method), gateway.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(gateway.ContentType).MediaType!),
        };
        // Every attempt at one message carries the same key, so a gateway that honours it sends the text once
        // even when an answer was lost and the request is tried again.
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.Id.ToString());
        if (gateway.Username is not null)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{gateway.Username}:{gateway.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        if (gateway.ApiKeyHeader is not null)
        {
            request.Headers.TryAddWithoutValidation(gateway.ApiKeyHeader, gateway.ApiKey);
        }

        return request;
    }

    private static Func<string, string> EscaperFor(string contentType) => MediaTypeHeaderValue.Parse(contentType).MediaType switch
    {
        "application/json" => value => JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value),
        "application/x-www-form-urlencoded" => Uri.EscapeDataString,
        _ => value => value,
    };
}
