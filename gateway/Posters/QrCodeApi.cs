using System.Net;
using System.Net.NetworkInformation;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace QueueSystem.Gateway.Posters;

/// <summary>
/// The QR code printed on a service's poster: it opens the patient app with that service chosen.
/// The address is <c>Gateway:PublicUrl</c> when patients reach the hospital through another name (a reverse
/// proxy, a short domain), otherwise the gateway's own as the browser reached it — only if that is one of
/// this machine's names or addresses or of <c>Gateway:AllowedHosts</c>: a forged Host header must never
/// put someone else's address on a hospital's posters.
/// </summary>
public static partial class QrCodeApi
{
    public static WebApplication MapQrCodeApi(this WebApplication app)
    {
        app.MapGet("/posters/{serviceCode}/qr.svg", Draw).WithName("ServiceQrCode");
        app.MapGet("/posters/{serviceCode}/link", Link).WithName("ServicePatientLink");
        return app;
    }

    public sealed record PatientLink(string Url);

    private static Results<ContentHttpResult, ProblemHttpResult> Draw(string serviceCode, HttpRequest request, IConfiguration configuration)
    {
        if (!ServiceCode().IsMatch(serviceCode))
        {
            return InvalidCode();
        }

        if (LinkOf(serviceCode, request, configuration) is not { } url)
        {
            return UnknownHost();
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        return TypedResults.Content(new SvgQRCode(data).GetGraphic(10), "image/svg+xml");
    }

    private static Results<Ok<PatientLink>, ProblemHttpResult> Link(string serviceCode, HttpRequest request, IConfiguration configuration) =>
        !ServiceCode().IsMatch(serviceCode) ? InvalidCode()
        : LinkOf(serviceCode, request, configuration) is { } url ? TypedResults.Ok(new PatientLink(url))
        : UnknownHost();

    private static string? LinkOf(string serviceCode, HttpRequest request, IConfiguration configuration)
    {
        var publicUrl = configuration["Gateway:PublicUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/')
            : IsOwnHost(request.Host.Host, configuration) ? $"{request.Scheme}://{request.Host}"
            : null;
        return publicUrl is null ? null : $"{publicUrl}/patient/?service={serviceCode}";
    }

    private static bool IsOwnHost(string host, IConfiguration configuration)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || string.Equals(host, Dns.GetHostName(), StringComparison.OrdinalIgnoreCase)
            || configuration.GetSection("Gateway:AllowedHosts").Get<string[]>()?.Contains(host, StringComparer.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address)
            && NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Any(a => a.Address.Equals(address));
    }

    private static ProblemHttpResult UnknownHost() => ProblemResults.Of(
        StatusCodes.Status400BadRequest,
        "Unknown address",
        "This is not one of the gateway's own addresses, so it cannot go on a poster. Set QMS_PUBLIC_URL to the address patients use.");

    private static ProblemHttpResult InvalidCode() =>
        ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid service code", "A service code is 1–10 upper-case letters or digits, starting with a letter.");

    [GeneratedRegex("^[A-Z][A-Z0-9]{0,9}$")]
    private static partial Regex ServiceCode();
}
