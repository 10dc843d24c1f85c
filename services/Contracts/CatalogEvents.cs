namespace QueueSystem.Contracts;

// Changes to a facility's catalog, relayed in order with the queue events of its days.

/// <summary>A service was created or changed (its code never changes).</summary>
public sealed record ServiceSaved(EventEnvelope Envelope, string FacilityId, string Code, string Name, bool IsActive, DateTimeOffset At, string By);

/// <summary>A counter was created or changed; times are the facility's local <c>HH:mm</c> (<c>24:00</c> allowed).</summary>
public sealed record CounterSaved(
    EventEnvelope Envelope, string FacilityId, int Id, string Name, string ServiceCode, string StartTime, string EndTime, DateTimeOffset At, string By) : IReadSideMessage;

/// <summary>Display: empty the read models, a replay of every stored event follows (sent to Display's queue only).</summary>
public sealed record ReadModelsRebuildStarted(Guid RebuildId, DateTimeOffset At) : IReadSideMessage;

/// <summary>
/// Display: the replay has been sent, <paramref name="Events"/> events in <paramref name="Messages"/> messages
/// (the catalog's included). The rebuild is done once Display has applied every one of them, in whatever order they come.
/// </summary>
public sealed record ReadModelsRebuildCompleted(Guid RebuildId, long Events, long Messages, DateTimeOffset At) : IReadSideMessage;

/// <summary>Headers on the messages of a read-model rebuild.</summary>
public static class RebuildHeaders
{
    /// <summary>
    /// Names the rebuild (a version-7 id: a later rebuild has the greater id) that a replayed message belongs to.
    /// The read side applies such a message without pushing anything live.
    /// </summary>
    public const string RebuildId = "qms-rebuild";
}
