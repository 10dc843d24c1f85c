namespace QueueSystem.Queue.Domain;

/// <summary>What events did to the lines: which lines they changed, and whose ticket now reads differently.</summary>
public static class LineChanges
{
    /// <summary>The lines that events changed: those that each ticket they name left or entered.</summary>
    public static IReadOnlyCollection<LineId> LinesChanged(IEnumerable<object> events, FacilityDay before, FacilityDay after)
    {
        var lines = new HashSet<LineId>();
        foreach (var ticketId in events.Select(TicketOf).OfType<Guid>())
        {
            if (before.Ticket(ticketId) is { Status: TicketStatus.Waiting } was)
            {
                lines.Add(was.Line);
            }

            if (after.Ticket(ticketId) is { Status: TicketStatus.Waiting } now)
            {
                lines.Add(now.Line);
            }
        }

        return lines;
    }

    /// <summary>
    /// The tickets whose patients see something new after the events: each ticket they name, and every waiting
    /// ticket behind the first place of a line where someone left or entered (only their place moved).
    /// </summary>
    public static IReadOnlyCollection<Guid> TicketsChanged(IReadOnlyCollection<object> events, FacilityDay before, FacilityDay after)
    {
        var named = events.Select(TicketOf).OfType<Guid>().ToHashSet();
        var firstMoved = new Dictionary<LineId, int>();
        void Moved(FacilityDay day, Guid ticketId)
        {
            if (day.Ticket(ticketId) is { Status: TicketStatus.Waiting } ticket && day.PositionOf(ticket) is { } position)
            {
                firstMoved[ticket.Line] = Math.Min(firstMoved.GetValueOrDefault(ticket.Line, int.MaxValue), position);
            }
        }

        foreach (var ticketId in named)
        {
            Moved(before, ticketId);
            Moved(after, ticketId);
        }

        var changed = new HashSet<Guid>(named);
        foreach (var (line, position) in firstMoved)
        {
            if (after.Lines.TryGetValue(line, out var places))
            {
                for (var index = position - 1; index < places.Count; index++)
                {
                    changed.Add(places[index].TicketId);
                }
            }
        }

        return changed;
    }

    /// <summary>The ticket an event is about, if it is about one.</summary>
    public static Guid? TicketOf(object @event) => @event switch
    {
        JoinedQueue e => e.TicketId,
        Called e => e.TicketId,
        Served e => e.TicketId,
        Skipped e => e.TicketId,
        Recalled e => e.TicketId,
        Cancelled e => e.TicketId,
        Reassigned e => e.TicketId,
        TurnApproaching e => e.TicketId,
        _ => null,
    };
}
