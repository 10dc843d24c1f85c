using MassTransit;
using QueueSystem.Contracts;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Consumers;

/// <summary>An event as the read models take it: its rows and what screens and phones are told.</summary>
public sealed record EventChanges(EventFacts Facts, TicketChange? Ticket, CounterChange? Counter, LiveChange Live)
{
    /// <summary>The event on its way to the batcher; <paramref name="rebuildId"/> and <paramref name="rebuildMessageId"/> null for a live one.</summary>
    public PendingEvent Pending(Guid? rebuildId, Guid? rebuildMessageId, DateTimeOffset received) =>
        new(new RowChanges(Facts, Ticket, Counter, rebuildMessageId), Live, rebuildId, received);
}

/// <summary>What each message the read side consumes changes: an event's rows, or work of its own (the catalog, a rebuild's marks).</summary>
public static class ReadSideMessages
{
    /// <summary>The message as its own type (it is consumed as the interface all of them share).</summary>
    public static object Concrete(ConsumeContext<IReadSideMessage> context) =>
        Get<JoinedQueue>(context) ?? Get<Called>(context) ?? Get<Served>(context) ?? Get<Skipped>(context) ?? Get<Recalled>(context)
        ?? Get<Cancelled>(context) ?? Get<Reassigned>(context) ?? Get<CounterOnBreak>(context) ?? Get<CounterStatusChanged>(context)
        ?? Get<Transferred>(context) ?? Get<CategorySet>(context) ?? Get<WaitedPastTarget>(context) ?? Get<ServiceRulesSet>(context) ?? Get<CounterSaved>(context) ?? Get<ReadModelsRebuildStarted>(context) ?? Get<ReadModelsRebuildCompleted>(context)
        ?? throw new InvalidOperationException($"The read side does not know the message {string.Join(", ", context.SupportedMessageTypes)}.");

    /// <summary>The counter a changed ticket waits at, as the event's tickets say (null: the pool, or not among them).</summary>
    private static int? CounterOf(Guid ticketId, IReadOnlyList<Ticket> tickets) => tickets.FirstOrDefault(t => t.TicketId == ticketId)?.CounterId;

    private static object? Get<T>(ConsumeContext context) where T : class => context.TryGetMessage<T>(out var typed) ? typed.Message : null;

    /// <summary>The rows and live changes of a queue event; null for a message that is not one.</summary>
    public static EventChanges? ChangesOf(object message)
    {
        switch (message)
        {
            case JoinedQueue e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Joined, e.TicketId, e.CounterId, e.Category, e.JoinedAt, e.JoinedBy);
                var ticket = new TicketChange(TicketStatuses.Waiting, e.CounterId, SetsCounter: true, QueueId: e.QueueId, PatientId: e.PatientId,
                    PatientName: e.PatientName, Sequence: e.Sequence, JoinedAt: e.JoinedAt, TrackingToken: e.TrackingToken);
                var counter = e.CounterId is { } id ? new CounterChange(id, e.CounterName) : null;
                return new(facts, ticket, counter, new LiveChange(facts, [e.CounterId], e.Tickets));
            }

            case Called e:
            {
                var facts = EventFacts.Of(
                    e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Called, e.TicketId, e.CounterId, e.OutOfTurn ? TicketEventTypes.OutOfTurn : null, e.At, e.By);
                var ticket = new TicketChange(TicketStatuses.Called, e.CounterId, SetsCounter: true, CalledAt: e.At, QueueId: e.QueueId, PatientId: e.PatientId, PatientName: e.PatientName);
                var counter = new CounterChange(e.CounterId, e.CounterName, Serving: new ServingChange(e.TicketId, Clears: false));
                return new(facts, ticket, counter, new LiveChange(facts, [e.CounterId], e.Tickets, Announce: e));
            }

            case Served e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Served, e.TicketId, e.CounterId, null, e.At, e.By);
                var ticket = new TicketChange(TicketStatuses.Served, e.CounterId, SetsCounter: true, FinishedAt: e.At, SetsFinishedAt: true);
                return new(facts, ticket, new CounterChange(e.CounterId, Serving: new ServingChange(e.TicketId, Clears: true)), new LiveChange(facts, [e.CounterId], e.Tickets));
            }

            case Skipped e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Skipped, e.TicketId, e.CounterId, null, e.At, e.By);
                var ticket = new TicketChange(TicketStatuses.Skipped, e.CounterId, SetsCounter: true, FinishedAt: e.At, SetsFinishedAt: true);
                return new(facts, ticket, new CounterChange(e.CounterId, Serving: new ServingChange(e.TicketId, Clears: true)), new LiveChange(facts, [e.CounterId], e.Tickets));
            }

            case Recalled e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Recalled, e.TicketId, e.CounterId, null, e.At, e.By);
                var ticket = new TicketChange(TicketStatuses.Waiting, e.CounterId, SetsCounter: true, SetsFinishedAt: true);
                return new(facts, ticket, null, new LiveChange(facts, [e.CounterId], e.Tickets));
            }

            case Cancelled e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Cancelled, e.TicketId, null, null, e.At, e.By);
                var ticket = new TicketChange(TicketStatuses.Cancelled, FinishedAt: e.At, SetsFinishedAt: true);
                return new(facts, ticket, null, new LiveChange(facts, [], e.Tickets, TicketLeft: true));
            }

            case Reassigned e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Reassigned, e.TicketId, e.ToCounterId, e.Reason, e.At, e.By);
                var ticket = new TicketChange(TicketStatuses.Waiting, e.ToCounterId, SetsCounter: true);
                return new(facts, ticket, null, new LiveChange(facts, [e.FromCounterId, e.ToCounterId], e.Tickets));
            }

            case CounterOnBreak e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.CounterOnBreak, null, e.CounterId, CounterStatuses.Break, e.At, e.By);
                return new(facts, null, new CounterChange(e.CounterId, Status: CounterStatuses.Break), new LiveChange(facts, [e.CounterId], [], Status: CounterStatuses.Break));
            }

            case CounterStatusChanged e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.CounterStatusChanged, null, e.CounterId, e.Status, e.At, e.By);
                return new(facts, null, new CounterChange(e.CounterId, Status: e.Status), new LiveChange(facts, [e.CounterId], [], Status: e.Status));
            }

            // The ticket waits at its new service's counter; the counter it was called at, if it was, serves nobody now.
            case Transferred e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.Transferred, e.TicketId, e.ToCounterId, e.FromServiceCode, e.At, e.By);
                var ticket = new TicketChange(TicketStatuses.Waiting, e.ToCounterId, SetsCounter: true, ServiceCode: e.ServiceCode);
                var counter = e.FromCounterId is { } from ? new CounterChange(from, Serving: new ServingChange(e.TicketId, Clears: true)) : null;
                var left = e.FromCounterId is { } fromCounter ? (e.FromServiceCode, fromCounter) : ((string, int)?)null;
                return new(facts, ticket, counter, new LiveChange(facts, [e.ToCounterId], e.Tickets, Left: left));
            }

            // The category is recorded in the history (the reports read it there); the patients whose place moved are
            // told, and the ticket's counter is updated so that the desks looking at it show the new order.
            case CategorySet e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.CategorySet, e.TicketId, null, e.Category, e.At, e.By);
                return new(facts, null, null, new LiveChange(facts, [CounterOf(e.TicketId, e.Tickets)], e.Tickets));
            }

            case WaitedPastTarget e:
            {
                var facts = EventFacts.Of(e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.WaitedPastTarget, e.TicketId, null, $"{e.TargetWaitMinutes} min", e.At, "system");
                return new(facts, null, null, new LiveChange(facts, [CounterOf(e.TicketId, e.Tickets)], e.Tickets));
            }

            case ServiceRulesSet e:
            {
                var facts = EventFacts.Of(
                    e.Envelope, e.FacilityId, e.ServiceCode, TicketEventTypes.ServiceRulesSet, null, null, $"run {e.PriorityRun}, target {e.TargetWaitMinutes} min", e.At, "catalog");
                return new(facts, null, null, new LiveChange(facts, [], e.Tickets));
            }

            default:
                return null;
        }
    }
}
