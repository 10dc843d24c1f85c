namespace QueueSystem.Queue.Domain;

/// <summary>What events did to the lines: which lines they changed, and whose ticket now reads differently.</summary>
public static class LineChanges
{
    /// <summary>
    /// The lines whose order events may have changed: those that each ticket they name left or entered, the line
    /// of a counter that called (its run of priority calls changed), and every line of a service whose rules changed.
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

            if (@event is Called called && after.Ticket(called.TicketId) is { } ticket)
            {
                lines.Add(new LineId(ticket.ServiceCode, called.CounterId));
            }

            if (@event is ServiceRulesSet rules)
            {
                lines.UnionWith(before.LinesOf(rules.ServiceCode));
                lines.UnionWith(after.LinesOf(rules.ServiceCode));
            }
        }

        return lines;
    }

    /// <summary>
    /// The tickets whose patients see something new after the events: each ticket they name, and every waiting
    /// ticket of a line they changed whose place in it moved.
    /// </summary>
    public static IReadOnlyCollection<Guid> TicketsChanged(IReadOnlyCollection<object> events, FacilityDay before, FacilityDay after)
    {
        var changed = events.Select(TicketOf).OfType<Guid>().ToHashSet();
        foreach (var line in LinesChanged(events, before, after))
        {
            var position = 0;
            foreach (var ticket in after.LineOf(line))
            {
                position++;
                if (before.Ticket(ticket.TicketId) is not { } was || was.Line != line || before.PositionOf(was) != position)
                {
                    changed.Add(ticket.TicketId);
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
        CategorySet e => e.TicketId,
        WaitedPastTarget e => e.TicketId,
        Transferred e => e.TicketId,
        _ => null,
    };
}
