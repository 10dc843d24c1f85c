using JasperFx;
using ConcurrencyException = JasperFx.ConcurrencyException;
using Marten;
using Marten.Exceptions;
using MassTransit;
using Microsoft.Extensions.Options;
using QueueSystem.Contracts;

namespace QueueSystem.Identity.Patients;

/// <summary>The outcome of a code request: sent, or refused until <see cref="RetryAfter"/>.</summary>
public sealed record SendOutcome(bool Sent, TimeSpan RetryAfter, string? Refusal);

/// <summary>The outcome of a code check.</summary>
public abstract record VerifyOutcome
{
    public sealed record Verified(PatientAccount Patient) : VerifyOutcome;

    public sealed record Wrong(int AttemptsLeft) : VerifyOutcome;

    public sealed record LockedOut : VerifyOutcome;
}

/// <summary>
/// Patients sign in with a one-time code sent by SMS. Every check of a code and every count of sends
/// is written under optimistic concurrency, so parallel guesses cannot exceed the allowed tries.
/// </summary>
public sealed class PatientSignIn(IDocumentStore store, OtpCodes codes, IOptions<OtpSettings> options, IPublishEndpoint publisher, KeyedTurns turns, TimeProvider clock, ILogger<PatientSignIn> logger)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan QueueingTimeout = TimeSpan.FromSeconds(5);
    private const int MaxWriteAttempts = 10;
    private readonly OtpSettings settings = options.Value;

    public async Task<bool> ExistsAsync(string phone, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        // A patient registered at a kiosk without a name is asked for one, as a new patient is.
        return await session.Query<PatientAccount>().AnyAsync(p => p.Phone == phone && p.Name != PatientAccount.NoName, cancellationToken);
    }

    /// <param name="name">The name for a new patient; null keeps an existing patient's name.</param>
    public async Task<SendOutcome> SendAsync(string phone, string? name, string clientAddress, CancellationToken cancellationToken)
    {
        using var turn = await turns.TakeAsync($"otp:{phone}", cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var previous = await session.LoadAsync<OtpChallenge>(phone, cancellationToken);
            var address = await session.LoadAsync<AddressSendLog>(clientAddress, cancellationToken)
                ?? new AddressSendLog(clientAddress, []);

            var phoneSends = Recent(previous?.RecentSends, now);
            var addressSends = Recent(address.RecentSends, now);
            if (previous is not null && now - previous.LastSentAt < settings.ResendCooldown)
            {
                return Refused(previous.LastSentAt + settings.ResendCooldown - now, "A code was sent moments ago; wait before asking for another.");
            }

            if (phoneSends.Count >= settings.MaxSendsPerPhonePerHour)
            {
                return Refused(phoneSends.Min() + Hour - now, "Too many codes were sent to this phone; try again later.");
            }

            if (addressSends.Count >= settings.MaxSendsPerAddressPerHour)
            {
                return Refused(addressSends.Min() + Hour - now, "Too many codes were asked for from this network; try again later.");
            }

            var code = OtpCodes.NewCode();
            var salt = OtpCodes.NewSalt();
            session.Store(new OtpChallenge(phone, salt, codes.Hash(code, salt), now + settings.CodeLifetime, 0, name ?? previous?.PendingName, [.. phoneSends, now]));
            session.Store(address with { RecentSends = [.. addressSends, now] });
            if (!await TrySaveAsync(session, attempt, cancellationToken))
            {
                continue;
            }

            await QueueForSendingAsync(new OtpRequested(NewId.NextGuid(), phone, code, now + settings.CodeLifetime, now), previous, clientAddress, cancellationToken);
            return new SendOutcome(true, TimeSpan.Zero, null);
        }
    }

    public async Task<VerifyOutcome> VerifyAsync(string phone, string code, CancellationToken cancellationToken)
    {
        // Guesses at one phone take turns, so each is counted against the tries it had.
        using var turn = await turns.TakeAsync($"otp:{phone}", cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var challenge = await session.LoadAsync<OtpChallenge>(phone, cancellationToken);
            if (challenge is null || challenge.ExpiresAt <= now)
            {
                // Same work as a real check, so timing tells nothing about the phone.
                codes.Matches(code, OtpCodes.NewSalt(), new byte[32]);
                return new VerifyOutcome.Wrong(0);
            }

            if (challenge.FailedAttempts >= settings.MaxAttempts)
            {
                return new VerifyOutcome.LockedOut();
            }

            if (!codes.Matches(code, challenge.Salt, challenge.CodeHash))
            {
                var failed = challenge.FailedAttempts + 1;
                session.Store(challenge with { FailedAttempts = failed });
                if (await TrySaveAsync(session, attempt, cancellationToken))
                {
                    return new VerifyOutcome.Wrong(settings.MaxAttempts - failed);
                }

                continue;
            }

            // A code works once: it is spent in the same transaction that signs the patient in.
            session.Store(challenge with { CodeHash = new byte[32], ExpiresAt = now });
            var patient = await session.Query<PatientAccount>().FirstOrDefaultAsync(p => p.Phone == phone, cancellationToken)
                ?? new PatientAccount(Guid.CreateVersion7(now), phone, challenge.PendingName ?? "Patient", now);
            if (!patient.HasName)
            {
                patient = patient with { Name = challenge.PendingName ?? "Patient" };
            }

            session.Store(patient);
            if (await TrySaveAsync(session, attempt, cancellationToken))
            {
                await AnnounceVerifiedAsync(patient, now, cancellationToken);
                return new VerifyOutcome.Verified(patient);
            }
        }
    }

    /// <returns>False when another instance wrote first (decide again); after too many tries, <see cref="ContendedException"/>.</returns>
    private static async Task<bool> TrySaveAsync(IDocumentSession session, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (ConcurrencyException) when (attempt < MaxWriteAttempts)
        {
            return false;
        }
        catch (MartenCommandException conflict) when (PatientAccount.IsPhoneTaken(conflict) && attempt < MaxWriteAttempts)
        {
            return false; // registered at a desk or kiosk meanwhile: found on the next try
        }
        catch (ConcurrencyException)
        {
            throw new ContendedException();
        }
    }

    /// <summary>
    /// Hands the code to Notification. If RabbitMQ cannot take it, the code is withdrawn (the previous
    /// state restored) and the caller learns it was not sent: a code is never silently lost.
    /// </summary>
    private async Task QueueForSendingAsync(OtpRequested request, OtpChallenge? previous, string clientAddress, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(QueueingTimeout);
            await publisher.Publish(request, timeout.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "A one-time code could not be queued for sending");
            await WithdrawAsync(request, previous, clientAddress, CancellationToken.None);
            throw new CodeNotQueuedException(exception);
        }
    }

    /// <summary>
    /// Tells Notification the patient's phone, so calls and reminders can reach them. Sent on every
    /// sign-in, so one that could not be sent is made good by the next; the sign-in itself never fails for it.
    /// </summary>
    private async Task AnnounceVerifiedAsync(PatientAccount patient, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(QueueingTimeout);
            await publisher.Publish(new PatientVerified(Guid.CreateVersion7(now), patient.Id, patient.Phone, now), timeout.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Patient {PatientId} is signed in, but Notification could not be told their phone", patient.Id);
        }
    }

    /// <summary>Undoes a send that never left: the phone's previous code comes back and the send counts for nothing.</summary>
    private async Task WithdrawAsync(OtpRequested request, OtpChallenge? previous, string clientAddress, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var challenge = await session.LoadAsync<OtpChallenge>(request.Phone, cancellationToken);
        if (challenge?.ExpiresAt == request.ExpiresAt)
        {
            if (previous is null)
            {
                session.Delete(challenge);
            }
            else
            {
                session.Store(previous);
            }
        }

        if (await session.LoadAsync<AddressSendLog>(clientAddress, cancellationToken) is { } address)
        {
            session.Store(address with { RecentSends = [.. address.RecentSends.Where(sent => sent != request.RequestedAt)] });
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyException)
        {
            // Another request changed them meanwhile; the unsent code simply expires unused.
        }
    }

    private static List<DateTimeOffset> Recent(IReadOnlyList<DateTimeOffset>? sends, DateTimeOffset now) =>
        sends?.Where(sent => now - sent < Hour).ToList() ?? [];

    private static SendOutcome Refused(TimeSpan retryAfter, string reason) =>
        new(false, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter, reason);
}

/// <summary>The message broker did not take a code: the caller is told to try again.</summary>
public sealed class CodeNotQueuedException(Exception inner) : Exception("The code could not be queued for sending.", inner);
