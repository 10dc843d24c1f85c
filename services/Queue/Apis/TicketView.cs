using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>The Ticket shape of the public contract.</summary>
public record TicketView(
    Guid TicketId,
    string QueueId,
    string ServiceCode,
    int? CounterId,
    string? CounterName,
    string Status,
    int? Position,
    int? AheadOfYou,
    int? EstimatedWaitMinutes,
    string PatientName,
    DateTimeOffset JoinedAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? FinishedAt);

/// <summary>A ticket on the patient's dashboard: the ticket and who is being served at its counter now.</summary>
public sealed record DashboardTicket : TicketView
{
    public DashboardTicket(TicketView ticket, string? nowServing)
        : base(ticket) => NowServing = nowServing;

    public string? NowServing { get; init; }
}

/// <summary>Builds ticket views from a day's state: position, people ahead, and a wait estimated from today's service times.</summary>
public sealed class TicketViews(ServiceCatalog catalog)
{
    public TicketView From(TicketState ticket, QueueDay day, string serviceCode)
    {
        int? position = ticket.Status == TicketStatus.Waiting
            ? day.LineOf(ticket.CounterId).TakeWhile(t => t.TicketId != ticket.TicketId).Count() + 1
            : null;
        int? estimate = position is { } p
            ? (p - 1 + (ticket.CounterId is { } id && day.CurrentAt(id) is not null ? 1 : 0)) * ServiceMinutes(day)
            : null;
        return new TicketView(
            ticket.TicketId,
            ticket.QueueId,
            serviceCode,
            ticket.CounterId,
            ticket.CounterId is { } counterId ? catalog.FindCounter(counterId)?.Name : null,
            ticket.Status.ToString().ToLowerInvariant(),
            position,
            position - 1,
            estimate,
            ticket.PatientName,
            ticket.JoinedAt,
            ticket.CalledAt,
            ticket.FinishedAt);
    }

    /// <summary>A command's answer about one ticket: the ticket after it, or the refusal as a problem.</summary>
    public IResult TicketOrProblem(CommandOutcome outcome, Guid ticketId, string serviceCode) => outcome.Decision.Rejection is { } rejection
        ? Problems.Of(rejection)
        : TypedResults.Ok(From(outcome.Day.Ticket(ticketId)!, outcome.Day, serviceCode));

    public TicketView? FromId(Guid? ticketId, QueueDay day, string serviceCode) =>
        ticketId is { } id && day.Ticket(id) is { } ticket ? From(ticket, day, serviceCode) : null;

    /// <summary>Mean minutes per served patient today (at least one), or the configured default before anyone was served.</summary>
    public int ServiceMinutes(QueueDay day)
    {
        var durations = day.Tickets
            .Where(t => t is { Status: TicketStatus.Served, CalledAt: not null, FinishedAt: not null })
            .Select(t => (t.FinishedAt!.Value - t.CalledAt!.Value).TotalMinutes)
            .ToList();
        return durations.Count == 0 ? catalog.DefaultServiceMinutes : Math.Max(1, (int)Math.Round(durations.Average()));
    }
}
