using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How the system's own processes know each other: a key (<c>Tokens:ServiceKey</c>, an Aspire secret) that the
/// gateway puts on every request it forwards and the services put on their calls to one another. Internal
/// endpoints answer only requests that carry it, and only such requests may say whom they forward for, so a
/// local process calling a service directly is neither let in nor believed about its client's address.
/// </summary>
public static class ServiceCredential
{
    public const string Header = "X-Qms-Service-Key";

    /// <summary>Whether the request carries this system's service key.</summary>
    public static bool IsPresentedBy(HttpContext context)
    {
        var expected = context.RequestServices.GetRequiredService<TokenSettings>().ServiceKey;
        return expected.Length > 0
            && context.Request.Headers[Header] is [{ } presented]
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>Asks another of the system's services for something, presenting the service key; null when it answers 404.</summary>
    public static async Task<T?> GetInternalAsync<T>(this HttpClient http, Uri address, TokenSettings settings, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Add(Header, settings.ServiceKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken);
    }

    /// <summary>Sends a command to another of the system's services, presenting the service key; the caller reads the answer.</summary>
    public static async Task<HttpResponseMessage> PostInternalAsync<T>(this HttpClient http, Uri address, T body, TokenSettings settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = JsonContent.Create(body) };
        request.Headers.Add(Header, settings.ServiceKey);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Only the system's own processes may call these endpoints; anyone else gets 401.</summary>
    public static TBuilder RequireServiceCredential<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) => IsPresentedBy(context.HttpContext)
            ? await next(context)
            : ProblemResults.Of(StatusCodes.Status401Unauthorized, "Service credential required", "Only the system's own services may call this."));
}
