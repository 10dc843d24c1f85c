using Marten;
using MassTransit;
using QueueSystem.Contracts;

namespace QueueSystem.Notification.Contacts;

/// <summary>The phone a patient proved they hold, kept only here so calls and reminders can reach them.</summary>
public sealed record PatientContact(Guid Id, string Phone, DateTimeOffset VerifiedAt);

public sealed class PatientVerifiedConsumer(IDocumentStore store) : IConsumer<PatientVerified>
{
    public async Task Consume(ConsumeContext<PatientVerified> context)
    {
        await using var session = store.LightweightSession();
        session.Store(new PatientContact(context.Message.PatientId, context.Message.Phone, context.Message.At));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>
/// A patient's phone for a text: from the contacts Notification keeps, or, when the sign-in's message never came (lost
/// in a broker outage), from Identity, as one of the system's services; then kept like any other.
/// </summary>
public sealed class PatientPhones(IDocumentStore store, IHttpClientFactory clients, TokenSettings settings)
{
    public sealed record PatientPhone(string Phone);

    /// <summary>The phones kept here of these patients, in one read; a patient missing from it may still be known to Identity.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> KnownAsync(IReadOnlyList<Guid> patientIds, CancellationToken cancellationToken)
    {
        if (patientIds.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        await using var query = store.QuerySession();
        return (await query.LoadManyAsync<PatientContact>(cancellationToken, patientIds)).ToDictionary(contact => contact.Id, contact => contact.Phone);
    }

    /// <summary>Null when the patient has no phone (a walk-in without one): nothing can reach them, and retrying will not change that.</summary>
    public async Task<string?> FindAsync(Guid patientId, CancellationToken cancellationToken)
    {
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<PatientContact>(patientId, cancellationToken) is { } known)
            {
                return known.Phone;
            }
        }

        using var http = clients.CreateClient(nameof(PatientPhones));
        // Identity unreachable throws: the text is tried again later, as for any other fault.
        if (await http.GetInternalAsync<PatientPhone>(new Uri($"http://identity/internal/patients/{patientId}/phone"), settings, cancellationToken) is not { } found)
        {
            return null;
        }

        await using var session = store.LightweightSession();
        session.Store(new PatientContact(patientId, found.Phone, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(cancellationToken);
        return found.Phone;
    }
}
