using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Commands;
using QueueSystem.Queue.Domain;
using Microsoft.Extensions.Options;

namespace QueueSystem.Queue.Apis;

/// <summary>
/// A ticket followed by whoever holds its tracking link (the QR code of a printed ticket, a link a patient shares):
/// today's ticket only, without signing in and without anything about the patient but the name they gave (no phone, no
/// priority category). Any other token, or one of another day, is 404 alike.
/// </summary>
public static class TrackingApi
{
    /// <summary><c>TimeZone</c>: the IANA zone the facility's day and printed times are in.</summary>
    public sealed record FacilityView(string Id, string Name, string TimeZone);

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/track/{token}", Show).AllowAnonymous().WithTags("Patients").WithName("TrackTicket")
            .WithSummary("A ticket of today by its tracking token, with who is being served at its counter.")
            .Produces<DashboardTicket>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/track/{token}/qr.svg", Draw).AllowAnonymous().WithTags("Patients").WithName("TrackingQrCode")
            .WithSummary("The QR code of a ticket's tracking link, for its printed slip.");
        app.MapGet("/api/facility", Facility).AllowAnonymous().WithTags("Patients").WithName("Facility").WithSummary("The hospital's name and time zone, as tickets print them.");
        return app;
    }

    public static async Task<Results<Ok<DashboardTicket>, ProblemHttpResult>> Show(string token, DayCommands commands, TicketViews views, CancellationToken cancellationToken)
    {
        var day = await commands.ReadAsync(cancellationToken);
        return Tracked(token, day) is { } ticket
            ? TypedResults.Ok(new DashboardTicket(views.From(ticket, day) with { Category = null }, ticket.CounterId is { } counterId ? day.CurrentAt(counterId)?.QueueId : null))
            : NotFound();
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Draw(string token, DayCommands commands, TicketViews views, CancellationToken cancellationToken)
    {
        if (Tracked(token, await commands.ReadAsync(cancellationToken)) is null)
        {
            return NotFound();
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(views.TrackingUrl(token), QRCodeGenerator.ECCLevel.M);
        return TypedResults.Content(new SvgQRCode(data).GetGraphic(8), "image/svg+xml");
    }

    public static Ok<FacilityView> Facility(IOptions<CatalogOptions> options) => TypedResults.Ok(new FacilityView(options.Value.FacilityId, options.Value.FacilityName, options.Value.TimeZone));

    private static TicketState? Tracked(string token, FacilityDay day) =>
        SecretTokens.IdOf(token) is { } ticketId && day.Ticket(ticketId) is { } ticket && SecretTokens.Matches(ticket.TrackingToken, token) ? ticket : null;

    private static ProblemHttpResult NotFound() =>
        ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown ticket", "This link is not one of today's tickets: tickets can be followed on the day they are taken.");
}
