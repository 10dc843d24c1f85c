using Microsoft.Extensions.Hosting;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Benchmarks.Support;

/// <summary>
/// A busy facility day of 5,000 tickets, folded from the decider's own decisions as the Queue makes them (not
/// hand-built state), so its lines, counters and waits are those a real day would have: one join a second over
/// three services, a call at some counter every eighth join (every tenth of them a skip), and every hundredth
/// join a patient at an OPD counter sent on to the lab. About one in five patients is in a priority category,
/// one in forty an emergency; most tickets are still waiting, and the regular patients among them who have waited
/// past the 30-minute target are called as priority (at the end: about 3,100 priority, 1,300 regular waiting).
/// </summary>
public static class BusyDay
{
    public const int TicketCount = 5_000;

    public static readonly DateOnly Day = new(2026, 11, 26);

    public static readonly DateTimeOffset Opening = new(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(5.5));

    /// <summary>The moment the day was built up to: benchmarks decide their commands then.</summary>
    public static readonly DateTimeOffset Now = Opening.AddSeconds(TicketCount + 1);

    public static readonly ServiceRules Rules = ServiceRules.Default;

    /// <summary>OPD takes most patients over three counters, the lab and the pharmacy fewer.</summary>
    public static readonly IReadOnlyDictionary<string, OpenCounter[]> Counters = new Dictionary<string, OpenCounter[]>
    {
        ["OPD"] = [new(1, "Counter 1"), new(2, "Counter 2"), new(3, "Counter 3")],
        ["LAB"] = [new(4, "Lab 1"), new(5, "Lab 2")],
        ["PHARMACY"] = [new(6, "Pharmacy")],
    };

    private static readonly TicketCategory Emergency = new("EMERGENCY", CallLevel.Emergency);
    private static readonly TicketCategory Senior = new("SENIOR", CallLevel.Priority);
    private static readonly TicketCategory Pregnant = new("PREGNANT", CallLevel.Priority);

    public static FacilityDay Build()
    {
        var random = new Random(42);
        var counters = Counters.SelectMany(s => s.Value.Select(c => (Counter: c, Service: s.Key))).ToArray();
        var day = FacilityDay.Empty(StreamKeys.ForDay("default", Day));
        for (var i = 1; i <= TicketCount; i++)
        {
            var at = Opening.AddSeconds(i);
            var service = (i % 10) switch { < 6 => "OPD", < 9 => "LAB", _ => "PHARMACY" };
            TicketCategory? category = i % 40 == 0 ? Emergency : i % 6 == 1 ? Senior : i % 15 == 2 ? Pregnant : null;
            day = Fold(day, QueueDecider.Decide(Join(service, at, category, random.Next(10_000)), day));
            if (i % 8 == 0)
            {
                var calls = i / 8;
                var (counter, counterService) = counters[calls % counters.Length];
                day = Fold(day, calls % 10 == 9 && day.CurrentAt(counter.Id) is not null
                    ? QueueDecider.Decide(new SkipPatient(counterService, counter.Id, Rules, at, "staff"), day)
                    : QueueDecider.Decide(new CallNext(counterService, counter.Id, Rules, at, "staff"), day));
            }

            if (i % 100 == 0 && day.CurrentAt(1) is { } called)
            {
                day = Fold(day, QueueDecider.Decide(new TransferTicket(called.TicketId, "LAB", TransferPlacement.End, "blood test", Counters["LAB"], Rules, at, "staff"), day));
            }
        }

        return day;
    }

    /// <summary>A new patient's join, with a tracking token as the Queue issues one.</summary>
    public static JoinQueue Join(string serviceCode, DateTimeOffset at, TicketCategory? category, int suffix)
    {
        var ticketId = Guid.NewGuid();
        return new JoinQueue(
            ticketId, "default", serviceCode, Day, Guid.NewGuid(), "Asha Rao", "patient", at, suffix, Counters[serviceCode], Rules, category, SecretTokens.New(ticketId));
    }

    /// <summary>The catalog's counters for these services, so ticket views name them.</summary>
    public static CatalogState Catalog() => CatalogState.Empty with
    {
        Counters = CatalogState.Empty.Counters.AddRange(
            Counters.SelectMany(s => s.Value.Select(c => KeyValuePair.Create(c.Id, new CatalogCounter(c.Id, c.Name, s.Key, "08:00", "20:00"))))),
    };

    private static FacilityDay Fold(FacilityDay day, Decision decision) =>
        decision.Rejection is { } rejection
            ? throw new InvalidOperationException($"The busy day's command was refused: {rejection.Message}")
            : decision.Events.Aggregate(day, QueueDecider.Evolve);
}
