using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>A token ended by its holder's sign-out (<c>jti</c>), kept until the token would have expired anyway.</summary>
public sealed record RevokedToken(string TokenId, DateTimeOffset ExpiresAt);

/// <summary>The sign-outs Identity knows of since a moment, and the moment of this answer (the next question's start).</summary>
public sealed record RevokedTokenList(IReadOnlyList<RevokedToken> Tokens, DateTimeOffset AsOf);

/// <summary>Where sign-outs are read: the Identity service.</summary>
public interface IRevokedTokenSource
{
    /// <param name="since">Null for every token that has not yet expired.</param>
    Task<RevokedTokenList> SinceAsync(DateTimeOffset? since, CancellationToken cancellationToken);
}

/// <summary>Asks the Identity service over HTTP, as one of the system's services.</summary>
public sealed class HttpRevokedTokenSource(IHttpClientFactory clients, TokenSettings settings) : IRevokedTokenSource
{
    public const string Path = "/internal/tokens/revoked";

    public async Task<RevokedTokenList> SinceAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        using var http = clients.CreateClient(nameof(HttpRevokedTokenSource));
        var query = since is { } moment ? "?since=" + Uri.EscapeDataString(moment.ToString("O", CultureInfo.InvariantCulture)) : "";
        return await http.GetInternalAsync<RevokedTokenList>(new Uri("http://identity" + Path + query), settings, cancellationToken)
            ?? throw new HttpRequestException("Identity does not list revoked tokens.");
    }
}

/// <summary>The tokens this process refuses although their signature is good: each one until its own expiry.</summary>
public sealed class RevokedTokens(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> revoked = new(StringComparer.Ordinal);

    public bool IsRevoked(string tokenId) => revoked.ContainsKey(tokenId);

    public void Add(IEnumerable<RevokedToken> tokens)
    {
        foreach (var token in tokens)
        {
            revoked[token.TokenId] = token.ExpiresAt;
        }

        var now = clock.GetUtcNow();
        foreach (var (tokenId, expiresAt) in revoked)
        {
            if (expiresAt < now)
            {
                revoked.TryRemove(tokenId, out _);
            }
        }
    }
}

/// <summary>
/// Keeps <see cref="RevokedTokens"/> current by asking Identity every <see cref="TokenSettings.RevocationPollInterval"/>
/// for the sign-outs since its last answer, so a signed-out token stops working everywhere within that interval.
/// While Identity cannot be reached, what is known stands and the question is asked again.
/// </summary>
public sealed class RevokedTokenPoller(IRevokedTokenSource source, RevokedTokens revoked, TokenSettings settings, ILogger<RevokedTokenPoller> logger)
    : BackgroundService
{
    /// <summary>
    /// Each question reaches this far before the last answer: a sign-out written in a transaction that committed after
    /// the answer was read, but stamped before it, is still seen.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? since = null;
        var failures = 0;
        using var timer = new PeriodicTimer(settings.RevocationPollInterval);
        do
        {
            try
            {
                var answer = await source.SinceAsync(since - Overlap, stoppingToken);
                revoked.Add(answer.Tokens);
                since = answer.AsOf;
                failures = 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Identity starts after the gateway: a first few failures are expected, a lasting one is not.
                if (++failures % 30 == 3)
                {
                    logger.LogWarning(exception, "Sign-outs could not be read from Identity ({Failures} tries); those already known are still refused", failures);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
