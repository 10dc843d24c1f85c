using System.Security.Cryptography;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Contracts;

namespace QueueSystem.Identity.Otp;

public static class OtpApi
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(30);

    public sealed record SendOtpRequest(string? Phone, string? Name);

    public sealed record SendOtpResponse(int ExpiresInSeconds, int ResendAfterSeconds);

    public static IEndpointRouteBuilder MapOtpApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/send_otp", SendOtp)
            .WithName("SendOtp")
            .WithSummary("Send a one-time code by SMS to verify a phone.");
        return app;
    }

    /// <summary>Generates a code and hands it to Notification over RabbitMQ.</summary>
    public static async Task<Results<Accepted<SendOtpResponse>, ProblemHttpResult>> SendOtp(
        SendOtpRequest request, PhoneNumberNormalizer phones, IPublishEndpoint publisher, TimeProvider clock, CancellationToken cancellationToken)
    {
        var phone = phones.Normalize(request.Phone);
        if (phone is null)
        {
            return TypedResults.Problem("Give the phone number in international form, such as +919812345678.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid phone number");
        }

        var now = clock.GetUtcNow();
        var code = RandomNumberGenerator.GetInt32(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        await publisher.Publish(new OtpRequested(NewId.NextGuid(), phone, code, now + CodeLifetime, now), cancellationToken);
        return TypedResults.Accepted((string?)null, new SendOtpResponse((int)CodeLifetime.TotalSeconds, (int)ResendAfter.TotalSeconds));
    }
}
