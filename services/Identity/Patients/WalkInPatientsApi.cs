using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace QueueSystem.Identity.Patients;

/// <summary>
/// The patient of a phone that a reception clerk or a kiosk gives for a walk-in ticket, found or registered (the phone
/// is not verified: the patient proves it by SMS code when they sign in). A patient registered without a name (a kiosk
/// has no keyboard) is asked for one at sign-in, as a new patient is. Only the system's own services may ask: the Queue,
/// for the ticket's holder. The phone leaves Identity only towards Notification.
/// </summary>
public static class WalkInPatientsApi
{
    public sealed record WalkInPatientRequest(string? Phone, string? Name);

    public sealed record WalkInPatient(Guid PatientId);

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

        var name = PersonNames.Clean(request.Name);
        if (request.Name is not null && name is null)
        {
            return PersonNames.Invalid();
        }

        // Two desks registering the same new phone at once: the unique phone index lets one in, the other finds it.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            if (await session.Query<PatientAccount>().FirstOrDefaultAsync(p => p.Phone == phone, cancellationToken) is { } known)
            {
                return TypedResults.Ok(new WalkInPatient(known.Id));
            }

            var now = clock.GetUtcNow();
            var patient = new PatientAccount(Guid.CreateVersion7(now), phone, name ?? PatientAccount.NoName, now);
            session.Insert(patient);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(new WalkInPatient(patient.Id));
            }
            catch (MartenCommandException conflict) when (PatientAccount.IsPhoneTaken(conflict) && attempt < 3)
            {
            }
        }
    }
}
