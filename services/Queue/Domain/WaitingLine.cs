using System.Collections.Immutable;

namespace QueueSystem.Queue.Domain;

/// <summary>How soon a waiting patient is called: emergencies first, then priority patients mixed with regular ones.</summary>
public enum CallLevel
{
    Regular,
    Priority,
    Emergency,
}

/// <summary>
/// A service's rules for mixing levels, as the catalog set them for the day: <see cref="PriorityRun"/> priority
/// calls at most in a row while a regular patient waits (0: priority patients are called in order of arrival
/// with everyone else), and the wait after which a regular patient is called as if they were priority.
/// </summary>
public sealed record ServiceRules(int PriorityRun, int TargetWaitMinutes)
{
    public static readonly ServiceRules Default = new(2, 30);
}

/// <summary>
/// The waiting patients of one line, a sorted set per level, and the call order: the one place it is worked out.
/// Emergencies first, by place; then priority and regular patients merged, at most <c>priorityRun</c> priority
/// calls in a row (counting the counter's run so far) before the first regular patient, each level by place
/// (a recalled patient first, then order of arrival). The order and any one patient's position come from the
/// sets' sizes and indexes, so a position costs a few lookups, not a walk of the line.
/// </summary>
public sealed record WaitingLine(ImmutableSortedSet<LinePlace> Emergency, ImmutableSortedSet<LinePlace> Priority, ImmutableSortedSet<LinePlace> Regular)
{
    public static readonly WaitingLine Empty = new(LinePlace.EmptyLine, LinePlace.EmptyLine, LinePlace.EmptyLine);

    public int Count => Emergency.Count + Priority.Count + Regular.Count;

    /// <summary>The smallest line key of anyone waiting here; a recalled patient goes below it.</summary>
    public long? FirstKey => new[] { Emergency, Priority, Regular }.Where(set => set.Count > 0).Select(set => (long?)set.Min.LineKey).Min();

    public WaitingLine With(CallLevel level, LinePlace place) => Change(level, set => set.Add(place));

    public WaitingLine Without(CallLevel level, LinePlace place) => Change(level, set => set.Remove(place));

    /// <summary>The line in call order.</summary>
    /// <param name="priorityRun">The service's <see cref="ServiceRules.PriorityRun"/>.</param>
    /// <param name="run">Priority patients the counter has called in a row while a regular one waited.</param>
    public IEnumerable<LinePlace> InCallOrder(int priorityRun, int run)
    {
        foreach (var place in Emergency)
        {
            yield return place;
        }

        using var priority = Priority.GetEnumerator();
        using var regular = Regular.GetEnumerator();
        var morePriority = priority.MoveNext();
        var moreRegular = regular.MoveNext();
        var allowance = Math.Max(0, priorityRun - run);
        while (morePriority && moreRegular)
        {
            // Without a run (0) the two levels merge by place, walked side by side rather than united into a new set.
            var takePriority = priorityRun == 0 ? LinePlace.CallOrder.Compare(priority.Current, regular.Current) < 0 : allowance > 0;
            if (takePriority)
            {
                yield return priority.Current;
                allowance--;
                morePriority = priority.MoveNext();
            }
            else
            {
                yield return regular.Current;
                allowance = priorityRun;
                moreRegular = regular.MoveNext();
            }
        }

        for (; morePriority; morePriority = priority.MoveNext())
        {
            yield return priority.Current;
        }

        for (; moreRegular; moreRegular = regular.MoveNext())
        {
            yield return regular.Current;
        }
    }

    /// <summary>The place's position in <see cref="InCallOrder"/> (1: called next); null when it is not in this line at that level.</summary>
    public int? PositionOf(CallLevel level, LinePlace place, int priorityRun, int run)
    {
        var index = Set(level).IndexOf(place);
        if (index < 0)
        {
            return null;
        }

        if (level == CallLevel.Emergency)
        {
            return index + 1;
        }

        int othersBefore;
        if (priorityRun == 0)
        {
            // Merged by place: those of the other level that sort before it (IndexOf gives the complement of where it would go).
            var other = (level == CallLevel.Priority ? Regular : Priority).IndexOf(place);
            othersBefore = other < 0 ? ~other : other;
        }
        else
        {
            var allowance = Math.Max(0, priorityRun - run);
            othersBefore = level == CallLevel.Priority
                ? index < allowance ? 0 : Math.Min(Regular.Count, ((index - allowance) / priorityRun) + 1)
                : Math.Min(Priority.Count, allowance + (index * priorityRun));
        }

        return Emergency.Count + index + othersBefore + 1;
    }

    private ImmutableSortedSet<LinePlace> Set(CallLevel level) => level switch
    {
        CallLevel.Emergency => Emergency,
        CallLevel.Priority => Priority,
        _ => Regular,
    };

    private WaitingLine Change(CallLevel level, Func<ImmutableSortedSet<LinePlace>, ImmutableSortedSet<LinePlace>> change) => level switch
    {
        CallLevel.Emergency => this with { Emergency = change(Emergency) },
        CallLevel.Priority => this with { Priority = change(Priority) },
        _ => this with { Regular = change(Regular) },
    };
}
