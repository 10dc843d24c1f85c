using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace QueueSystem.Gateway.Posters;

/// <summary>
/// The QR code printed on a service's poster: it opens the patient app with that service chosen.
/// The address is the gateway's own as the browser reached it, or <c>Gateway:PublicUrl</c> when patients
/// reach the hospital through another name (a reverse proxy, a short domain).
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
        if (LinkOf(serviceCode, request, configuration) is not { } url)
        {
            return InvalidCode();
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        return TypedResults.Content(new SvgQRCode(data).GetGraphic(10), "image/svg+xml");
    }

    private static Results<Ok<PatientLink>, ProblemHttpResult> Link(string serviceCode, HttpRequest request, IConfiguration configuration) =>
        LinkOf(serviceCode, request, configuration) is { } url ? TypedResults.Ok(new PatientLink(url)) : InvalidCode();

    private static string? LinkOf(string serviceCode, HttpRequest request, IConfiguration configuration)
    {
        if (!ServiceCode().IsMatch(serviceCode))
        {
            return null;
        }

        var publicUrl = configuration["Gateway:PublicUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}";
        return $"{publicUrl}/patient/?service={serviceCode}";
    }

    private static ProblemHttpResult InvalidCode() =>
        TypedResults.Problem(statusCode: 400, title: "Invalid service code", detail: "A service code is 1–10 upper-case letters or digits, starting with a letter.");

    [GeneratedRegex("^[A-Z][A-Z0-9]{0,9}$")]
    private static partial Regex ServiceCode();
}
