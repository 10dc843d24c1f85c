using System.Security.Cryptography;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Identity;

namespace QueueSystem.Identity.Staff;

/// <summary>
/// On the first start, creates the account <c>admin</c> with the password in QMS_ADMIN_PASSWORD, or
/// with a random one written once to this log. There is no fixed default password anywhere.
/// </summary>
public sealed class FirstAdmin(IDocumentStore store, IPasswordHasher<StaffAccount> hasher, IConfiguration configuration, TimeProvider clock, ILogger<FirstAdmin> logger) : IHostedService
{
    public const string Username = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<StaffAccount>(Username, cancellationToken) is not null)
        {
            return;
        }

        var configured = configuration["QMS_ADMIN_PASSWORD"];
        if (!string.IsNullOrEmpty(configured) && PasswordPolicy.WeaknessOf(configured, Username) is { } weakness)
        {
            throw new InvalidOperationException($"QMS_ADMIN_PASSWORD is refused: {weakness}");
        }

        var password = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20) : configured;
        var now = clock.GetUtcNow();
        var draft = new StaffAccount(Username, "", Roles.Admin, null, true, StaffAccount.NewStamp(), now, now);
        session.Insert(draft with { PasswordHash = hasher.HashPassword(draft, password) });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return; // another Identity instance created it first
        }

        if (string.IsNullOrEmpty(configured))
        {
            logger.LogWarning("Created the account 'admin' with the random password {Password}. It is shown only this once: sign in and change it.", password);
        }
        else
        {
            logger.LogInformation("Created the account 'admin' with the password from QMS_ADMIN_PASSWORD");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
