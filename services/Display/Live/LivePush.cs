using QueueSystem.Contracts;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Live;

/// <summary>Turns an applied event into the live messages of API.md, built from the read models just written.</summary>
public sealed class LivePush(BoardQueries boards, DisplayStore store, LiveBroadcaster live, TicketUpdates tickets)
{
    /// <summary><c>ticket_update</c> for the ticket's patient and for every patient waiting in the lines that moved (null: the service's pool).</summary>
    public Task TicketsAsync(DateOnly day, string serviceCode, Guid ticketId, IReadOnlyCollection<int?> linesMoved, CancellationToken cancellationToken) =>
        tickets.PushAsync(day, serviceCode, ticketId, linesMoved, cancellationToken);

    /// <summary>A <c>queue_update</c> for each counter named (null: the service pool, which no screen shows).</summary>
    public async Task CountersAsync(string serviceCode, IEnumerable<int?> counterIds, CancellationToken cancellationToken)
    {
        foreach (var counterId in counterIds.OfType<int>().Distinct())
        {
            if (await boards.CounterAsync(counterId, cancellationToken) is { } counter)
            {
                await live.SendAsync(serviceCode, "queue_update", new QueueUpdate(counter.CounterId, counter.ServingPatient, counter.QueueLength), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Announces a call — only while the patient is still the one called there, so a call that arrives
    /// after the patient was already served (a late delivery) is never announced.
    /// </summary>
    public async Task CalledAsync(Called called, CancellationToken cancellationToken)
    {
        if (await store.TicketAsync(called.TicketId, cancellationToken) is { Status: "called" } ticket && ticket.CounterId == called.CounterId)
        {
            var announcement = new PatientCalled(called.CounterId, called.CounterName, called.QueueId, boards.PublicName(called.PatientName));
            await live.SendAsync(called.ServiceCode, "patient_called", announcement, cancellationToken);
        }
    }

    public async Task CounterStatusAsync(string serviceCode, int counterId, string status, CancellationToken cancellationToken)
    {
        await live.SendAsync(serviceCode, "counter_status_update", new CounterStatusUpdate(counterId, status), cancellationToken);
        await CountersAsync(serviceCode, [counterId], cancellationToken);
    }

    /// <summary>A ticket left its line (cancelled): its counter's line is shorter, and those behind it moved up.</summary>
    public async Task TicketLeftAsync(DateOnly day, string serviceCode, Guid ticketId, CancellationToken cancellationToken)
    {
        var counterId = (await store.TicketAsync(ticketId, cancellationToken))?.CounterId;
        await CountersAsync(serviceCode, [counterId], cancellationToken);
        await TicketsAsync(day, serviceCode, ticketId, [counterId], cancellationToken);
    }
}
