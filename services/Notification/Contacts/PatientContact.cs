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

public static class PatientContacts
{
    /// <summary>Null when the patient never signed in by SMS here: nothing can reach them, and retrying will not change that.</summary>
    public static async Task<string?> PhoneOfAsync(this IDocumentStore store, Guid patientId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<PatientContact>(patientId, cancellationToken))?.Phone;
    }
}
