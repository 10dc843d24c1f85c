using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Notification.Sending;

namespace QueueSystem.Notification.Apis;

public static class DevSmsApi
{
    public sealed record OutboxEntry(string To, string Body, string Kind, DateTimeOffset SentAt);

    /// <summary>Only mapped while the development outbox is the SMS provider.</summary>
    public static IEndpointRouteBuilder MapDevSmsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dev/sms", ReadOutbox)
            .WithName("DevelopmentSmsOutbox")
            .WithSummary("Messages kept by the development SMS outbox for one phone, newest first.");
        return app;
    }

    public static async Task<Results<Ok<OutboxEntry[]>, ProblemHttpResult>> ReadOutbox(
        string? phone, DevelopmentOutbox outbox, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(phone) || phone.Length > 32 || phone.Any(char.IsControl))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Missing phone", "The query parameter phone is required: a phone number as the texts were sent to it.");
        }

        var messages = await outbox.ForPhoneAsync(phone.Trim(), cancellationToken);
        return TypedResults.Ok(messages.Select(m => new OutboxEntry(m.To, m.Body, m.Kind, m.SentAt)).ToArray());
    }
}
