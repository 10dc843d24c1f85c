namespace QueueSystem.Notification.Sending;

/// <summary>The kinds of text message the product sends.</summary>
public static class SmsKind
{
    public const string Otp = "otp";
    public const string Called = "called";
    public const string Reminder = "reminder";
    public const string Transferred = "transferred";
}

/// <summary>
/// One text message, identified by what it answers (an event id, or a ticket for its one reminder) so
/// a redelivery is recognised. <paramref name="StaleAt"/>: past it the message would mislead, and is not sent.
/// </summary>
public sealed record SmsMessage(Guid Id, string To, string Body, string Kind, DateTimeOffset CreatedAt, DateTimeOffset StaleAt);

/// <summary>Where text messages go: a real SMS gateway, or the development outbox.</summary>
public interface ISmsSender
{
    /// <exception cref="SmsRejectedException">The gateway refused the message for good: retrying cannot help.</exception>
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);

    /// <summary>Sends several messages side by side (a few at a time); each that failed is named with its error.</summary>
    async Task<IReadOnlyDictionary<Guid, Exception>> SendAllAsync(IReadOnlyList<SmsMessage> messages, CancellationToken cancellationToken)
    {
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<Guid, Exception>();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (message, token) =>
        {
            try
            {
                await SendAsync(message, token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
            {
                failures[message.Id] = exception;
            }
        });
        return failures;
    }
}

/// <summary>A permanent refusal (an HTTP 4xx other than 408 and 429): the message goes to the error queue unretried.</summary>
public sealed class SmsRejectedException(string reason) : Exception(reason);

public static class PhoneMask
{
    /// <summary><c>+91******5678</c>: enough to tell messages apart in a log, not enough to identify anyone.</summary>
    public static string Mask(string phone) =>
        phone.Length <= 6 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4));
}
