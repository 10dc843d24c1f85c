using Microsoft.Extensions.Options;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Live;

/// <summary>Where this Display instance serves: the facility and its time zone.</summary>
public sealed class DisplayOptions
{
    public const string Section = "Display";

    public string FacilityId { get; set; } = "default";

    public string TimeZone { get; set; } = "Asia/Kolkata";
}

/// <summary>Builds the live messages from the read models.</summary>
public sealed class BoardQueries(DisplayStore store, IOptions<DisplayOptions> options, TimeProvider clock)
{
    private readonly TimeZoneInfo timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public async Task<InitialData> InitialDataAsync(string? serviceCode, CancellationToken cancellationToken)
    {
        var boards = await store.BoardsAsync(options.Value.FacilityId, Today(), serviceCode, null, cancellationToken);
        return new InitialData([.. boards.Select(CounterState.From)]);
    }

    public async Task<CounterState?> CounterAsync(int counterId, CancellationToken cancellationToken)
    {
        var boards = await store.BoardsAsync(options.Value.FacilityId, Today(), null, counterId, cancellationToken);
        return boards.Count == 0 ? null : CounterState.From(boards[0]);
    }

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), timeZone).DateTime);
}
