using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Queue.Apis;

/// <summary>A ticket on the patient's dashboard: the ticket and who is being served at its counter now.</summary>
public sealed record DashboardTicket : Ticket
{
    public DashboardTicket(Ticket ticket, string? nowServing)
        : base(ticket) => NowServing = nowServing;

    public string? NowServing { get; init; }
}

/// <summary>A ticket at a counter's desk: also where it was sent from and the note the sending counter left (staff only).</summary>
public sealed record DeskTicket : Ticket
{
    public DeskTicket(Ticket ticket, string? transferredFrom, string? transferNote)
        : base(ticket) => (TransferredFrom, TransferNote) = (transferredFrom, transferNote);

    public string? TransferredFrom { get; init; }

    public string? TransferNote { get; init; }
}

/// <summary>Builds ticket views from a day's state: position, people ahead, the wait the domain estimates, and the tracking link.</summary>
public sealed class TicketViews(ServiceCatalog catalog, Microsoft.Extensions.Options.IOptions<CatalogOptions> options)
{
    private readonly string publicUrl = options.Value.PublicUrl.TrimEnd('/');

    /// <summary>The tracking page of a token: <c>{Queue:PublicUrl}/t/{token}</c>.</summary>
    public string TrackingUrl(string token) => $"{publicUrl}/t/{token}";

    public Ticket From(TicketState ticket, FacilityDay day)
    {
        var position = day.PositionOf(ticket);
        return new Ticket(
            ticket.TicketId,
            ticket.QueueId,
            ticket.ServiceCode,
            ticket.CounterId,
            ticket.CounterId is { } counterId ? catalog.FindCounter(counterId)?.Name : null,
            ticket.Status.Name(),
            position,
            position - 1,
            WaitEstimates.ForTicket(day, ticket, catalog.DefaultServiceMinutes),
            ticket.PatientName,
            ticket.JoinedAt,
            ticket.CalledAt,
            ticket.FinishedAt,
            ticket.Category,
            [.. (ticket.EarlierSteps ?? []).Select(step => new QueueSystem.Contracts.VisitStep(step.ServiceCode, step.LeftAt))],
            ticket.TrackingToken is { } token ? TrackingUrl(token) : null);
    }

    public DeskTicket ForDesk(TicketState ticket, FacilityDay day) => new(From(ticket, day), ticket.TransferredFrom, ticket.TransferNote);

    public Ticket? FromId(Guid? ticketId, FacilityDay day) =>
        ticketId is { } id && day.Ticket(id) is { } ticket ? From(ticket, day) : null;
}
