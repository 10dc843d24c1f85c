using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace QueueSystem.Identity.Patients;

/// <summary>
/// The patient of a phone that a reception clerk or a kiosk gives for a walk-in ticket, found or registered with the
/// name given (the phone is not verified: the patient proves it by SMS code when they sign in). Only the system's own
/// services may ask: the Queue, for the ticket's holder. The phone leaves Identity only towards Notification.
/// </summary>
public static class WalkInPatientsApi
{
    public sealed record WalkInPatientRequest(string? Phone, string? Name);

    public sealed record WalkInPatient(Guid PatientId, bool Registered);

    public static IEndpointRouteBuilder MapWalkInPatientsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/patients", FindOrRegister).WithName("WalkInPatient").ExcludeFromDescription().RequireServiceCredential();
        return app;
    }

    public static async Task<Results<Ok<WalkInPatient>, ProblemHttpResult>> FindOrRegister(
        WalkInPatientRequest request, PhoneNumberNormalizer phones, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (phones.Normalize(request.Phone) is not { } phone)
        {
            return PatientApi.InvalidPhone(phones);
        }

        if (PersonNames.Clean(request.Name) is not { } name)
        {
            return PatientApi.InvalidName();
        }

        // Two desks registering the same new phone at once: the unique phone index lets one in, the other finds it.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            if (await session.Query<PatientAccount>().FirstOrDefaultAsync(p => p.Phone == phone, cancellationToken) is { } known)
            {
                return TypedResults.Ok(new WalkInPatient(known.Id, Registered: false));
            }

            var now = clock.GetUtcNow();
            var patient = new PatientAccount(Guid.CreateVersion7(now), phone, name, now);
            session.Insert(patient);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(new WalkInPatient(patient.Id, Registered: true));
            }
            catch (MartenCommandException conflict) when (conflict.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } && attempt < 3)
            {
            }
        }
    }
}
