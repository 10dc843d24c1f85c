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
    public static Decision Follow(Decision decision, QueueDay before, int position, DateTimeOffset now)
    {
        if (position <= 0 || decision.Rejection is not null || decision.Events.Count == 0)
        {
            return decision;
        }

        var placesBefore = Places(before);
        var after = decision.Events.Aggregate(before, QueueDecider.Evolve);
        var reminders = new List<object>();
        foreach (var counterId in after.Waiting.Select(t => t.CounterId).Distinct())
        {
            foreach (var (ticket, place) in after.LineOf(counterId).Take(position).Select((t, index) => (t, index + 1)))
            {
                if (!ticket.ToldTurnApproaching && placesBefore.TryGetValue(ticket.TicketId, out var earlier) && earlier > position)
                {
                    reminders.Add(new TurnApproaching(ticket.TicketId, counterId, place, now));
                }
            }
        }

        return reminders.Count == 0 ? decision : Decision.Accept([.. decision.Events, .. reminders]);
    }

    /// <summary>Each waiting ticket's place in its line, 1 being the next to be called.</summary>
    public static Dictionary<Guid, int> Places(QueueDay day) =>
        day.Waiting
            .Select(t => t.CounterId)
            .Distinct()
            .SelectMany(counterId => day.LineOf(counterId).Select((t, index) => (t.TicketId, Place: index + 1)))
            .ToDictionary(p => p.TicketId, p => p.Place);
}
