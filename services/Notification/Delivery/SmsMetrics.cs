using System.Diagnostics.Metrics;

namespace QueueSystem.Notification.Delivery;

/// <summary>What the dashboard shows of text messages, each count tagged with the message kind.</summary>
public sealed class SmsMetrics
{
    public const string MeterName = "QueueSystem.Notification";

    private readonly Counter<long> sent;
    private readonly Counter<long> duplicates;
    private readonly Counter<long> retried;
    private readonly Counter<long> failed;
    private readonly Counter<long> expired;
    private readonly Histogram<double> delay;

    public SmsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        sent = meter.CreateCounter<long>("qms.sms.sent", "{message}", "Messages the SMS provider took");
        duplicates = meter.CreateCounter<long>("qms.sms.duplicates", "{message}", "Repeated deliveries of a message already sent, skipped");
        retried = meter.CreateCounter<long>("qms.sms.retried", "{message}", "Failed attempts left for a later redelivery");
        failed = meter.CreateCounter<long>("qms.sms.failed", "{message}", "Messages refused for good or out of attempts (in the error queue)");
        expired = meter.CreateCounter<long>("qms.sms.expired", "{message}", "Messages too late to be of use, not sent");
        delay = meter.CreateHistogram<double>("qms.sms.delay", "ms", "From the event that asked for a message to the provider taking it");
    }

    public void Sent(string kind, TimeSpan sinceRequested)
    {
        sent.Add(1, Kind(kind));
        delay.Record(sinceRequested.TotalMilliseconds, Kind(kind));
    }

    public void Duplicate(string kind) => duplicates.Add(1, Kind(kind));

    public void Retried(string kind) => retried.Add(1, Kind(kind));

    public void Failed(string kind) => failed.Add(1, Kind(kind));

    public void Expired(string kind) => expired.Add(1, Kind(kind));

    private static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);
}
