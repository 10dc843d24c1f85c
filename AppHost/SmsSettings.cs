namespace QueueSystem.AppHost;

/// <summary>The SMS gateway and texts, from QMS_SMS_* variables; without a gateway URL the development outbox is used.</summary>
public static class SmsSettings
{
    private static readonly (string Variable, string Setting)[] Plain =
    [
        ("QMS_SMS_GATEWAY_URL", "Sms__Gateway__Url"),
        ("QMS_SMS_GATEWAY_METHOD", "Sms__Gateway__Method"),
        ("QMS_SMS_GATEWAY_CONTENT_TYPE", "Sms__Gateway__ContentType"),
        ("QMS_SMS_GATEWAY_BODY", "Sms__Gateway__BodyTemplate"),
        ("QMS_SMS_GATEWAY_USERNAME", "Sms__Gateway__Username"),
        ("QMS_SMS_GATEWAY_API_KEY_HEADER", "Sms__Gateway__ApiKeyHeader"),
        ("QMS_SMS_SENDER", "Sms__Gateway__Sender"),
        ("QMS_SMS_LANGUAGE", "Sms__Language"),
    ];

    private static readonly (string Variable, string Setting, string Parameter)[] Secret =
    [
        ("QMS_SMS_GATEWAY_PASSWORD", "Sms__Gateway__Password", "sms-gateway-password"),
        ("QMS_SMS_GATEWAY_API_KEY", "Sms__Gateway__ApiKey", "sms-gateway-api-key"),
    ];

    public static IResourceBuilder<ProjectResource> WithSmsSettings(this IResourceBuilder<ProjectResource> notification, IDistributedApplicationBuilder builder)
    {
        foreach (var (variable, setting) in Plain)
        {
            if (builder.Configuration[variable] is { Length: > 0 } value)
            {
                notification.WithEnvironment(setting, value);
            }
        }

        foreach (var (variable, setting, parameter) in Secret)
        {
            if (builder.Configuration[variable] is { Length: > 0 } value)
            {
                notification.WithEnvironment(setting, builder.AddParameter(parameter, value, secret: true));
            }
        }

        return notification;
    }

    /// <summary>The place in line at which patients are told their turn is near, from QMS_REMINDER_POSITION (0: never).</summary>
    public static IResourceBuilder<ProjectResource> WithReminderPosition(this IResourceBuilder<ProjectResource> queue, IDistributedApplicationBuilder builder) =>
        builder.Configuration["QMS_REMINDER_POSITION"] is { Length: > 0 } position ? queue.WithEnvironment("Queue__ReminderPosition", position) : queue;
}
