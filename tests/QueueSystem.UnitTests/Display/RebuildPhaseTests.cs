using QueueSystem.Display.ReadModels;

namespace QueueSystem.UnitTests.Display;

public class RebuildPhaseTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_message_of_the_running_rebuild_is_applied()
    {
        var running = Guid.CreateVersion7(Noon);
        Assert.Equal(RebuildPhase.Running, RebuildPhases.Of(running, running));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-3_600_000)]
    public void A_message_of_an_earlier_rebuild_is_superseded(long millisecondsEarlier)
    {
        var running = Guid.CreateVersion7(Noon);
        Assert.Equal(RebuildPhase.Superseded, RebuildPhases.Of(Guid.CreateVersion7(Noon.AddMilliseconds(millisecondsEarlier)), running));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3_600_000)]
    public void A_message_of_a_later_rebuild_waits_for_its_start(long millisecondsLater)
    {
        var running = Guid.CreateVersion7(Noon);
        Assert.Equal(RebuildPhase.NotStarted, RebuildPhases.Of(Guid.CreateVersion7(Noon.AddMilliseconds(millisecondsLater)), running));
        Assert.Equal(RebuildPhase.NotStarted, RebuildPhases.Of(Guid.CreateVersion7(Noon.AddMilliseconds(millisecondsLater)), startedLast: null));
    }
}
