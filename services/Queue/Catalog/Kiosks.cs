namespace QueueSystem.Queue.Catalog;

/// <summary>
/// A self-service kiosk that prints walk-in tickets. Only the hash of its device token is kept (<see cref="TokenHash"/>):
/// the token is shown once, to the admin who registers it.
/// </summary>
public sealed record CatalogKiosk(Guid Id, string Name, string TokenHash, DateTimeOffset RegisteredAt, string RegisteredBy);

/// <summary>An admin registered a kiosk.</summary>
public sealed record KioskRegistered(CatalogKiosk Kiosk, DateTimeOffset At, string By);

/// <summary>An admin revoked a kiosk's device token: it issues nothing from now on.</summary>
public sealed record KioskRevoked(Guid KioskId, DateTimeOffset At, string By);
