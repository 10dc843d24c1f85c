using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace QueueSystem.Queue.Apis;

/// <summary>
/// The holder of a walk-in ticket: with a phone, the patient of that phone, found or registered by Identity (who then
/// gets the texts and sees the ticket after signing in); without one, a new patient nobody can reach or sign in as.
/// </summary>
public sealed class WalkInPatients(IHttpClientFactory clients, TokenSettings settings, TimeProvider clock)
{
    private sealed record WalkInPatientRequest(string Phone, string? Name);

    private sealed record WalkInPatient(Guid PatientId);

    /// <param name="name">The name given, registered for a new phone's patient; null when none was given.</param>
    /// <returns>The patient's id, or the problem to answer (a phone Identity does not accept, Identity unreachable).</returns>
    public async Task<(Guid? PatientId, ProblemHttpResult? Problem)> HolderAsync(string? phone, string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return (Guid.CreateVersion7(clock.GetUtcNow()), null);
        }

        using var http = clients.CreateClient(nameof(WalkInPatients));
        try
        {
            using var answer = await http.PostInternalAsync(new Uri("http://identity/internal/patients"), new WalkInPatientRequest(phone, name), settings, cancellationToken);
            if (answer.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = await answer.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken);
                return (null, ProblemResults.Of(
                    StatusCodes.Status400BadRequest,
                    problem?.Title ?? "Invalid phone number",
                    problem?.Detail ?? "The phone number is not valid.",
                    new Dictionary<string, object?> { ["field"] = "phone" }));
            }

            answer.EnsureSuccessStatusCode();
            return ((await answer.Content.ReadFromJsonAsync<WalkInPatient>(cancellationToken))!.PatientId, null);
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException or Polly.ExecutionRejectedException
            || (unreachable is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, ProblemResults.Of(
                StatusCodes.Status503ServiceUnavailable, "Patients cannot be looked up", "The phone's patient cannot be found just now: try again, or issue the ticket without a phone."));
        }
    }
}
