using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Commands;

/// <summary>The outcome of a command on the facility's day, with the state after it.</summary>
public sealed record CommandOutcome(Decision Decision, FacilityDay Day);

/// <summary>
/// What a command came to, for its caller: done with a reply, refused by the domain, or — for a keyed
/// command — a key first used for another request. <c>Replayed</c>: the answer first given to the same key.
/// </summary>
public abstract record CommandAnswer<T>
{
    public sealed record Done(T Value, bool Replayed) : CommandAnswer<T>;

    public sealed record Refused(Rejection Rejection, bool Replayed) : CommandAnswer<T>;

    public sealed record KeyReused : CommandAnswer<T>;
}
