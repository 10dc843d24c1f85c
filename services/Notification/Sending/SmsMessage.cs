namespace QueueSystem.Notification.Sending;

/// <summary>The kinds of text message the product sends.</summary>
public static class SmsKind
{
    public const string Otp = "otp";
    public const string Called = "called";
    public const string Reminder = "reminder";
}

/// <summary>One text message, identified by the event it answers so a redelivery is recognised.</summary>
public sealed record SmsMessage(Guid Id, string To, string Body, string Kind, DateTimeOffset SentAt);

/// <summary>Where text messages go: a real SMS gateway, or the development outbox.</summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

public static class PhoneMask
{
    /// <summary><c>+91******5678</c>: enough to tell messages apart in a log, not enough to identify anyone.</summary>
    public static string Mask(string phone) =>
        phone.Length <= 6 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4));
}
