using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>The Ticket shape of the public contract.</summary>
public sealed record TicketView(
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
    DateTimeOffset? FinishedAt)
{
    public static TicketView Waiting(JoinedQueue joined, QueueDay day, int serviceMinutes)
    {
        var position = day.LineOf(joined.CounterId).TakeWhile(t => t.TicketId != joined.TicketId).Count() + 1;
        return new TicketView(
            joined.TicketId,
            joined.QueueId,
            joined.ServiceCode,
            joined.CounterId,
            joined.CounterName,
            "waiting",
            position,
            position - 1,
            (position - 1) * serviceMinutes,
            joined.PatientName,
            joined.JoinedAt,
            null,
            null);
    }
}
