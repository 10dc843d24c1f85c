namespace QueueSystem.Queue.Domain;

/// <summary>
/// "Almost your turn": after any decision, a waiting patient who has come within the reminder position
/// of their line (counting from 1, the next to be called), having been further back before it, gets a
/// <see cref="TurnApproaching"/> — once per ticket. Whoever joins already that close sees their place
/// on the phone and is not reminded; whoever a break moves forward into it is.
/// </summary>
public static class TurnReminders
{
    /// <param name="position">The place in line that triggers the reminder; 0 turns reminders off.</param>
    public static Decision Follow(Decision decision, FacilityDay before, int position, DateTimeOffset now) =>
        Follow(decision, before, decision.Rejection is null ? decision.Events.Aggregate(before, QueueDecider.Evolve) : before, position, now);

    /// <param name="after">The state after the decision's events (the caller has it already).</param>
    public static Decision Follow(Decision decision, FacilityDay before, FacilityDay after, int position, DateTimeOffset now)
    {
        if (position <= 0 || decision.Rejection is not null || decision.Events.Count == 0)
        {
            return decision;
        }

        var reminders = new List<object>();
        // Only a line the decision changed can have moved anyone forward.
        foreach (var line in LineChanges.LinesChanged(decision.Events, before, after))
        {
            foreach (var (ticket, place) in after.LineOf(line).Take(position).Select((t, index) => (t, index + 1)))
            {
                if (!ticket.ToldTurnApproaching && before.Ticket(ticket.TicketId) is { } earlier && before.PositionOf(earlier) > position)
                {
                    reminders.Add(new TurnApproaching(line.ServiceCode, ticket.TicketId, line.CounterId, place, now));
                }
            }
        }

        return reminders.Count == 0 ? decision : Decision.Accept([.. decision.Events, .. reminders]);
    }
}
