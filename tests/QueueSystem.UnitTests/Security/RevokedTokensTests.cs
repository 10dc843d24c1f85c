using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace QueueSystem.UnitTests.Security;

public class RevokedTokensTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_revoked_token_is_refused_until_it_would_have_expired()
    {
        var clock = new SettableClock(Noon);
        var revoked = new RevokedTokens(clock);
        revoked.Add([new RevokedToken("a", Noon.AddHours(1)), new RevokedToken("b", Noon.AddHours(3))]);
        Assert.True(revoked.IsRevoked("a"));
        Assert.False(revoked.IsRevoked("c"));

        clock.Now = Noon.AddHours(2);
        revoked.Add([]);

        Assert.False(revoked.IsRevoked("a")); // expired: refused by its lifetime, no longer kept
        Assert.True(revoked.IsRevoked("b"));
    }

    [Fact]
    public async Task The_poller_asks_for_everything_first_then_from_its_last_answer_with_an_overlap_and_keeps_what_it_knows_through_failures()
    {
        var source = new ScriptedSource(
            _ => new RevokedTokenList([new RevokedToken("first", Noon.AddYears(1))], Noon),
            _ => throw new HttpRequestException("Identity is down"),
            _ => new RevokedTokenList([new RevokedToken("second", Noon.AddYears(1))], Noon.AddMinutes(1)));
        var revoked = new RevokedTokens(TimeProvider.System);
        var poller = new RevokedTokenPoller(source, revoked, new TokenSettings { RevocationPollInterval = TimeSpan.FromMilliseconds(20) }, NullLogger<RevokedTokenPoller>.Instance);

        await poller.StartAsync(CancellationToken.None);
        await source.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await poller.StopAsync(CancellationToken.None);

        Assert.Equal<DateTimeOffset?>([null, Noon - RevokedTokenPoller.Overlap, Noon - RevokedTokenPoller.Overlap], source.Asked.Take(3));
        Assert.True(revoked.IsRevoked("first"));
        Assert.True(revoked.IsRevoked("second"));
    }

    private sealed class ScriptedSource(params Func<DateTimeOffset?, RevokedTokenList>[] answers) : IRevokedTokenSource
    {
        public ConcurrentQueue<DateTimeOffset?> Asked { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<RevokedTokenList> SinceAsync(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var turn = Asked.Count;
            Asked.Enqueue(since);
            if (turn >= answers.Length) // the last answer has been taken in
            {
                Done.TrySetResult();
            }

            return Task.FromResult(answers[Math.Min(turn, answers.Length - 1)](since));
        }
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
