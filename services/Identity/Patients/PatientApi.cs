using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Identity.Tokens;
using Microsoft.Extensions.Options;

namespace QueueSystem.Identity.Patients;

public static class PatientApi
{
    public sealed record SendOtpRequest(string? Phone, string? Name);

    public sealed record SendOtpResponse(int ExpiresInSeconds, int ResendAfterSeconds);

    public sealed record VerifyOtpRequest(string? Phone, string? Code);

    public sealed record PatientView(Guid Id, string Name, string Phone);

    public sealed record SignedIn(string AccessToken, int ExpiresInSeconds, PatientView Patient);

    public sealed record ExistsResponse(bool Exists);

    public static IEndpointRouteBuilder MapPatientApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/check_patient", CheckPatient).WithName("CheckPatient").WithSummary("Whether a phone belongs to a patient; nothing else.");
        app.MapPost("/send_otp", SendOtp).WithName("SendOtp").WithSummary("Send a one-time code by SMS to verify a phone.");
        app.MapPost("/verify_otp", VerifyOtp).WithName("VerifyOtp").WithSummary("Exchange a one-time code for a patient token.");
        app.MapGet("/internal/patients/{patientId:guid}/phone", PhoneOf).WithName("PatientPhone").ExcludeFromDescription().RequireServiceCredential();
        return app;
    }

    public static async Task<Results<Ok<ExistsResponse>, ProblemHttpResult>> CheckPatient(
        string? phone, PhoneNumberNormalizer phones, PatientSignIn signIn, CancellationToken cancellationToken)
    {
        var normalized = phones.Normalize(phone);
        return normalized is null
            ? InvalidPhone(phones)
            : TypedResults.Ok(new ExistsResponse(await signIn.ExistsAsync(normalized, cancellationToken)));
    }

    public static async Task<Results<Accepted<SendOtpResponse>, ProblemHttpResult>> SendOtp(
        SendOtpRequest request, HttpContext http, PhoneNumberNormalizer phones, PatientSignIn signIn, IOptions<OtpSettings> options, CancellationToken cancellationToken)
    {
        var phone = phones.Normalize(request.Phone);
        if (phone is null)
        {
            return InvalidPhone(phones);
        }

        var name = PersonNames.Clean(request.Name);
        if (request.Name is not null && name is null)
        {
            return PersonNames.Invalid();
        }

        if (name is null && !await signIn.ExistsAsync(phone, cancellationToken))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Name required", "This phone is new here: give the patient's name too.");
        }

        SendOutcome outcome;
        try
        {
            outcome = await signIn.SendAsync(phone, name, http.ClientAddress(), cancellationToken);
        }
        catch (CodeNotQueuedException)
        {
            http.Response.Headers.RetryAfter = "10";
            return ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Code not sent", "The code could not be sent just now. Please try again in a few seconds.");
        }

        if (!outcome.Sent)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(outcome.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ProblemResults.Of(StatusCodes.Status429TooManyRequests, "Too many codes", outcome.Refusal!);
        }

        return TypedResults.Accepted((string?)null, new SendOtpResponse((int)options.Value.CodeLifetime.TotalSeconds, (int)options.Value.ResendCooldown.TotalSeconds));
    }

    public static async Task<Results<Ok<SignedIn>, ProblemHttpResult>> VerifyOtp(
        VerifyOtpRequest request, PhoneNumberNormalizer phones, PatientSignIn signIn, TokenIssuer tokens, CancellationToken cancellationToken)
    {
        var phone = phones.Normalize(request.Phone);
        if (phone is null)
        {
            return InvalidPhone(phones);
        }

        if (!OtpCodes.IsWellFormed(request.Code))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid code", "The code is the six digits of the SMS.");
        }

        return await signIn.VerifyAsync(phone, request.Code!, cancellationToken) switch
        {
            VerifyOutcome.Verified verified => SignIn(verified.Patient, tokens),
            VerifyOutcome.Wrong wrong => ProblemResults.Of(
                StatusCodes.Status400BadRequest,
                "Wrong or expired code",
                wrong.AttemptsLeft > 0 ? "The code is wrong." : "The code is wrong or has expired: ask for a new one.",
                new Dictionary<string, object?> { ["attemptsLeft"] = wrong.AttemptsLeft }),
            _ => ProblemResults.Of(StatusCodes.Status429TooManyRequests, "Too many wrong codes", "This code no longer works: ask for a new one."),
        };
    }

    private static Ok<SignedIn> SignIn(PatientAccount patient, TokenIssuer tokens)
    {
        var (token, lifetime) = tokens.ForPatient(patient);
        return TypedResults.Ok(new SignedIn(token, (int)lifetime.TotalSeconds, new PatientView(patient.Id, patient.Name, patient.Phone)));
    }

    public sealed record PatientPhone(string Phone);

    /// <summary>
    /// For Notification, when a patient's phone has not reached it (the sign-in's message was lost in a broker outage):
    /// only the system's own services may ask, and a patient without a phone (a walk-in) is 404.
    /// </summary>
    public static async Task<Results<Ok<PatientPhone>, NotFound>> PhoneOf(Guid patientId, Marten.IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<PatientAccount>(patientId, cancellationToken) is { Phone: { Length: > 0 } phone }
            ? TypedResults.Ok(new PatientPhone(phone))
            : TypedResults.NotFound();
    }

    /// <summary>The answer to a phone number that is not one of the facility's countries'; <c>field</c> names the member for pages to point at.</summary>
    public static ProblemHttpResult InvalidPhone(PhoneNumberNormalizer phones) => ProblemResults.Of(
        StatusCodes.Status400BadRequest,
        "Invalid phone number",
        $"Give a phone number of {phones.Countries} in international form, such as +919812345678.",
        new Dictionary<string, object?> { ["field"] = "phone" });
}
