namespace QueueSystem.Notification.Sending;

/// <summary>How text messages are written and sent (configuration section <c>Sms</c>).</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Language of every text, unless <see cref="FacilityLanguages"/> says otherwise for a facility.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Facility id → language of the texts about its tickets.</summary>
    public Dictionary<string, string> FacilityLanguages { get; set; } = [];

    /// <summary>Extra or replacement texts: language → kind (otp, called, reminder) → template.</summary>
    public Dictionary<string, Dictionary<string, string>> Templates { get; set; } = [];

    /// <summary>A call or reminder older than this is not sent: it would send the patient to a counter that has moved on.</summary>
    public int CallStaleAfterMinutes { get; set; } = 10;

    /// <summary>
    /// Seconds (comma-separated) between further attempts at a message the gateway could not take (after the gateway
    /// client's own quick retries). The message stays unacknowledged in RabbitMQ meanwhile, so a restart
    /// redelivers it; after the last, it goes to the error queue with its record marked failed.
    /// </summary>
    public string RedeliverySeconds { get; set; } = "5,15,30,60";

    public TimeSpan[] RedeliveryDelays =>
        [.. RedeliverySeconds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(seconds => TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>The SMS gateway; without a URL the development outbox is used (Development only).</summary>
    public SmsGatewayOptions Gateway { get; set; } = new();
}

/// <summary>
/// A generic HTTP SMS gateway: one request per message, its body written from <see cref="BodyTemplate"/>
/// with the placeholders {to} (E.164), {to_digits} (without '+'), {body}, {id} (the message id, for
/// gateways that drop repeats) and {sender}, each escaped for <see cref="ContentType"/>.
/// </summary>
public sealed class SmsGatewayOptions
{
    public Uri? Url { get; set; }

    public string Method { get; set; } = "POST";

    /// <summary><c>application/json</c>, <c>application/x-www-form-urlencoded</c> or another type sent as written.</summary>
    public string ContentType { get; set; } = "application/json";

    public string BodyTemplate { get; set; } = """{"to":"{to}","message":"{body}","reference":"{id}","sender":"{sender}"}""";

    public string Sender { get; set; } = "HOSPQ";

    /// <summary>Basic authentication, when set.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A header carrying a key (for example <c>Authorization</c> with <c>Bearer …</c>, or <c>X-API-Key</c>), when set.</summary>
    public string? ApiKeyHeader { get; set; }

    public string? ApiKey { get; set; }

    public double AttemptTimeoutSeconds { get; set; } = 5;

    /// <summary>Quick retries of a transient failure (5xx, 408, 429, timeout, connection) within one delivery attempt.</summary>
    public int Retries { get; set; } = 2;

    public double RetryDelaySeconds { get; set; } = 0.5;

    /// <summary>The longest one delivery attempt can take, its quick retries included: the gateway pipeline gives up then.</summary>
    public TimeSpan LongestAttempt => (TimeSpan.FromSeconds(AttemptTimeoutSeconds) * (Retries + 1)) + TimeSpan.FromSeconds(RetryDelaySeconds * 8);

    /// <summary>The circuit opens when this share of calls failed within the sampling window…</summary>
    public double BreakFailureRatio { get; set; } = 0.5;

    /// <summary>…and at least this many calls were made in it.</summary>
    public int BreakMinimumCalls { get; set; } = 8;

    public double BreakSamplingSeconds { get; set; } = 30;

    /// <summary>How long the circuit stays open before one trial call.</summary>
    public double BreakSeconds { get; set; } = 15;
}
