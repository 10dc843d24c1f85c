namespace QueueSystem.Queue.Domain;

/// <summary>What events did to the lines: which lines they changed, and whose ticket now reads differently.</summary>
public static class LineChanges
{
    /// <summary>
    /// The lines whose order events may have changed: those that each ticket they name left or entered, and those an
    /// event reorders as a whole (<see cref="Reordered"/>).
    /// </summary>
    public static IReadOnlyCollection<LineId> LinesChanged(IEnumerable<object> events, FacilityDay before, FacilityDay after)
    {
        var lines = new HashSet<LineId>();
        foreach (var @event in events)
        {
            if (TicketOf(@event) is { } ticketId)
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

            lines.UnionWith(Reordered(@event, before, after));
        }

        return lines;
    }

    /// <summary>
    /// The lines an event can reorder as a whole, not only behind a ticket that left or entered: the line of a counter
    /// that called (its run of priority calls changed), and every line of a service whose rules changed.
    /// </summary>
    private static IEnumerable<LineId> Reordered(object @event, FacilityDay before, FacilityDay after) => @event switch
    {
        Called called when after.Ticket(called.TicketId) is { } ticket => [new LineId(ticket.ServiceCode, called.CounterId)],
        ServiceRulesSet rules => before.LinesOf(rules.ServiceCode).Concat(after.LinesOf(rules.ServiceCode)),
        _ => [],
    };

    /// <summary>
    /// The tickets whose patients see something new after the events: each ticket they name, and every waiting ticket of a
    /// changed line from the first place where someone left or entered. A ticket entering or leaving a line's call order
    /// moves only those behind it; a line an event reorders as a whole is looked at from its first place.
    /// </summary>
    public static IReadOnlyCollection<Guid> TicketsChanged(IReadOnlyCollection<object> events, FacilityDay before, FacilityDay after)
    {
        var named = events.Select(TicketOf).OfType<Guid>().ToHashSet();
        var firstMoved = new Dictionary<LineId, int>();
        void From(LineId line, int position) => firstMoved[line] = Math.Min(firstMoved.GetValueOrDefault(line, int.MaxValue), position);
        void Moved(FacilityDay day, Guid ticketId)
        {
            if (day.Ticket(ticketId) is { Status: TicketStatus.Waiting } ticket && day.PositionOf(ticket) is { } position)
            {
                From(ticket.Line, position);
            }
        }

        foreach (var ticketId in named)
        {
            Moved(before, ticketId);
            Moved(after, ticketId);
        }

        foreach (var line in events.SelectMany(@event => Reordered(@event, before, after)))
        {
            From(line, 1);
        }

        var changed = new HashSet<Guid>(named);
        foreach (var (line, position) in firstMoved)
        {
            foreach (var ticket in after.LineFrom(line, position))
            {
                changed.Add(ticket.TicketId);
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
        CategorySet e => e.TicketId,
        WaitedPastTarget e => e.TicketId,
        Transferred e => e.TicketId,
        _ => null,
    };
}
