using QueueSystem.Identity;

namespace QueueSystem.UnitTests.Identity;

public class KeyedTurnsTests
{
    [Fact]
    public async Task Work_on_one_key_takes_turns_and_the_key_is_forgotten_when_nobody_holds_or_awaits_it()
    {
        var turns = new KeyedTurns();
        var first = await turns.TakeAsync("otp:+919876543210", CancellationToken.None);
        var second = turns.TakeAsync("otp:+919876543210", CancellationToken.None);
        var other = await turns.TakeAsync("otp:+919812345678", CancellationToken.None);

        await Task.Delay(50);
        Assert.False(second.IsCompleted); // waits for the first
        Assert.Equal(2, turns.Count);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        other.Dispose();
        Assert.Equal(0, turns.Count);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_nothing_behind()
    {
        var turns = new KeyedTurns();
        var held = await turns.TakeAsync("login:admin", CancellationToken.None);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turns.TakeAsync("login:admin", giveUp.Token));
        held.Dispose();
        held.Dispose(); // a second release changes nothing

        Assert.Equal(0, turns.Count);
        (await turns.TakeAsync("login:admin", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
