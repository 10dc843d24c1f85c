using QueueSystem.Queue.Domain;

namespace QueueSystem.UnitTests.Queue;

/// <summary>Given/when/then for a facility's day: events so far, a command, the events it decides (OPD unless named).</summary>
internal static class DayBuilder
{
    public static readonly DateOnly Day = new(2026, 11, 26);
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(5.5));
    public static readonly OpenCounter[] Counters = [new(1, "Counter 1"), new(2, "Counter 2"), new(3, "Counter 3")];

    /// <summary>The service's rules as the catalog gives them unless a test says otherwise.</summary>
    public static readonly ServiceRules Rules = ServiceRules.Default;

    public static FacilityDay Given(params object[] events) => events.Aggregate(FacilityDay.Empty("default/2026-11-26"), QueueDecider.Evolve);

    /// <summary>A counter's line (null: the pool) of a service.</summary>
    public static LineId At(int? counterId, string serviceCode = "OPD") => new(serviceCode, counterId);

    public static FacilityDay Then(this FacilityDay state, Decision decision)
    {
        Assert.Null(decision.Rejection);
        return decision.Events.Aggregate(state, QueueDecider.Evolve);
    }

    public static JoinQueue Join(
        Guid? patient = null, IReadOnlyList<OpenCounter>? counters = null, int suffix = 4821, string serviceCode = "OPD", TicketCategory? category = null,
        ServiceRules? rules = null, DateTimeOffset? at = null) =>
        new(Guid.NewGuid(), "default", serviceCode, Day, patient ?? Guid.NewGuid(), "Asha Rao", "patient:1", at ?? Now, suffix, counters ?? Counters, rules ?? Rules, category);

    /// <summary>A joined ticket at a counter, as if decided earlier.</summary>
    public static JoinedQueue Joined(int sequence, int? counterId, Guid? patient = null, string serviceCode = "OPD", TicketCategory? category = null) =>
        new(Guid.NewGuid(), "default", serviceCode, Day, sequence, QueueDecider.TicketNumber(serviceCode, sequence, 1234), patient ?? Guid.NewGuid(), $"Patient {sequence}",
            counterId, counterId is null ? null : $"Counter {counterId}", Now.AddMinutes(sequence), "patient", category?.Code, category?.Level ?? CallLevel.Regular);

    public static readonly TicketCategory Senior = new("SENIOR", CallLevel.Priority);

    public static readonly TicketCategory Emergency = new("EMERGENCY", CallLevel.Emergency);

    public static T Single<T>(this Decision decision) => Assert.IsType<T>(Assert.Single(decision.Events));
}
