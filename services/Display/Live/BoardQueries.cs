using Microsoft.Extensions.Options;
using QueueSystem.Display.ReadModels;
using QueueSystem.Contracts;

namespace QueueSystem.Display.Live;

/// <summary>How much of a patient's name public screens show.</summary>
public enum NamePolicy
{
    Full,
    Initials,
    None,
}

/// <summary>Where this Display instance serves: the facility, its time zone and what screens show of names.</summary>
public sealed class DisplayOptions
{
    public const string Section = "Display";

    public string FacilityId { get; set; } = "default";

    public string TimeZone { get; set; } = "Asia/Kolkata";

    public NamePolicy NamePolicy { get; set; } = NamePolicy.Full;

    /// <summary>Reports count the share of waits longer than this.</summary>
    public int TargetWaitMinutes { get; set; } = 30;
}

/// <summary>Builds the live messages from the read models, applying the name policy and the counters' hours.</summary>
public sealed class BoardQueries(DisplayStore store, IOptions<DisplayOptions> options, TimeProvider clock)
{
    private readonly TimeZoneInfo timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public async Task<InitialData> InitialDataAsync(string? serviceCode, CancellationToken cancellationToken)
    {
        var (day, time) = Now();
        var boards = await store.BoardsAsync(options.Value.FacilityId, day, serviceCode, null, cancellationToken);
        return new InitialData([.. boards.Select(board => StateOf(board, time))]);
    }

    public async Task<IReadOnlyList<CounterState>> CountersAsync(IReadOnlyCollection<int> counterIds, CancellationToken cancellationToken)
    {
        if (counterIds.Count == 0)
        {
            return [];
        }

        var (day, time) = Now();
        var boards = await store.BoardsAsync(options.Value.FacilityId, day, null, counterIds, cancellationToken);
        return [.. boards.Select(board => StateOf(board, time))];
    }

    /// <summary>A name as public screens may show it.</summary>
    public string PublicName(string? name) => options.Value.NamePolicy switch
    {
        NamePolicy.Full => name ?? "",
        NamePolicy.Initials => string.Join(" ", (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => $"{char.ToUpperInvariant(part[0])}.")),
        _ => "",
    };

    private CounterState StateOf(CounterBoard board, TimeOnly time) => new(
        board.CounterId,
        board.CounterName,
        board.ServiceCode,
        IsWithinHours(board, time) ? board.Status : CounterStatuses.Closed,
        board.ServingQueueId is null ? null : new ServingPatient(board.ServingQueueId, PublicName(board.ServingPatientName)),
        board.QueueLength);

    private static bool IsWithinHours(CounterBoard board, TimeOnly time)
    {
        var start = TimeOnly.ParseExact(board.StartTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return time >= start && (board.EndTime == "24:00" || time < TimeOnly.ParseExact(board.EndTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The facility's day now.</summary>
    public DateOnly Today => Now().Day;

    private (DateOnly Day, TimeOnly Time) Now()
    {
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), timeZone).DateTime;
        return (DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
    }
}
