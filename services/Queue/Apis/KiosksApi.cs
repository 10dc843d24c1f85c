using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>Admins register kiosks (the device token is answered once, only its hash is kept), list them and revoke them.</summary>
public static class KiosksApi
{
    public sealed record KioskRequest(string? Name);

    public sealed record KioskView(Guid Id, string Name, DateTimeOffset RegisteredAt, string RegisteredBy);

    /// <summary>The answer to a registration: the only time the device token is shown.</summary>
    public sealed record RegisteredKiosk(Guid Id, string Name, string DeviceToken);

    public static IEndpointRouteBuilder MapKiosksApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/kiosks").RequireAuthorization(Policies.Admin).WithTags("Admin");
        admin.MapGet("", List).WithName("ListKiosks").WithSummary("The kiosks not revoked (never their tokens).");
        admin.MapPost("", Register).WithName("RegisterKiosk").WithSummary("Register a kiosk; its device token is in this answer only.")
            .Produces<RegisteredKiosk>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapDelete("/{kioskId:guid}", Revoke).WithName("RevokeKiosk").WithSummary("Revoke a kiosk's device token.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<KioskView[]>> List(CatalogStore catalogStore, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalogStore.CurrentAsync(cancellationToken)).Kiosks.Values.OrderBy(k => k.RegisteredAt).Select(View).ToArray());

    public static async Task<Results<Created<RegisteredKiosk>, ValidationProblem>> Register(
        KioskRequest request, ClaimsPrincipal user, CatalogStore catalogStore, TimeProvider clock, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 60 || !PlainText.IsPlain(name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["1 to 60 characters, without control or invisible formatting characters."] });
        }

        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var token = SecretTokens.New(id);
        await catalogStore.ChangeAsync(
            (_, now) => Decision.Accept([new KioskRegistered(new CatalogKiosk(id, name, SecretTokens.Hash(token), now, user.Actor()), now, user.Actor())]),
            cancellationToken);
        return TypedResults.Created($"/api/admin/kiosks/{id}", new RegisteredKiosk(id, name, token));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid kioskId, ClaimsPrincipal user, CatalogStore catalogStore, CancellationToken cancellationToken)
    {
        var outcome = await catalogStore.ChangeAsync(
            (catalog, now) => catalog.Kiosks.ContainsKey(kioskId)
                ? Decision.Accept([new KioskRevoked(kioskId, now, user.Actor())])
                : Decision.Reject(RejectionKind.NotFound, "No kiosk with this id is registered (or it was revoked already)."),
            cancellationToken);
        return outcome.Decision.Rejection is { } rejection
            ? ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown kiosk", rejection.Message)
            : TypedResults.NoContent();
    }

    private static KioskView View(CatalogKiosk kiosk) => new(kiosk.Id, kiosk.Name, kiosk.RegisteredAt, kiosk.RegisteredBy);
}
