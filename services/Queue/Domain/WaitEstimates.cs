namespace QueueSystem.Queue.Domain;

/// <summary>How long patients can expect to wait, from today's service times: the one place this is worked out.</summary>
public static class WaitEstimates
{
    /// <summary>Mean minutes per served patient of the service today (at least one), or the default before anyone was served.</summary>
    public static int MinutesPerPatient(FacilityDay day, string serviceCode, int defaultMinutes)
    {
        var service = day.Service(serviceCode);
        return service.ServedCount == 0 ? defaultMinutes : Math.Max(1, (int)Math.Round(service.ServedMinutes / service.ServedCount));
    }

    /// <summary>Minutes until a waiting ticket is called: the patients ahead of it, and the one at its counter now. Null unless waiting.</summary>
    public static int? ForTicket(FacilityDay day, TicketState ticket, int defaultMinutes) =>
        day.PositionOf(ticket) is { } position
            ? (position - 1 + (ticket.CounterId is { } id && day.CurrentAt(id) is not null ? 1 : 0)) * MinutesPerPatient(day, ticket.ServiceCode, defaultMinutes)
            : null;

    /// <summary>Minutes a newcomer to the service can expect: everyone waiting, shared by the counters serving.</summary>
    public static int ForNewcomer(FacilityDay day, string serviceCode, int servingCounters, int defaultMinutes) =>
        day.WaitingOf(serviceCode).Count() * MinutesPerPatient(day, serviceCode, defaultMinutes) / Math.Max(1, servingCounters);
}
