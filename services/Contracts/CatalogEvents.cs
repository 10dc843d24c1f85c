namespace QueueSystem.Contracts;

/// <summary>A counter as the catalog describes it; times are the facility's local <c>HH:mm</c> (<c>24:00</c> allowed).</summary>
public sealed record CounterInfo(int Id, string Name, string ServiceCode, string StartTime, string EndTime);

/// <summary>A service as the catalog describes it.</summary>
public sealed record ServiceInfo(string Code, string Name, bool IsActive);

/// <summary>
/// The Queue service's whole catalog, published when it starts and whenever it changes, so the read
/// side knows every counter (also those nobody has joined yet). A newer <paramref name="At"/> replaces an older one.
/// </summary>
public sealed record CatalogPublished(string FacilityId, string TimeZone, IReadOnlyList<ServiceInfo> Services, IReadOnlyList<CounterInfo> Counters, DateTimeOffset At);

/// <summary>Display: empty the read models, a replay of every stored event follows (sent to Display's queue only).</summary>
public sealed record ReadModelsRebuildStarted(Guid RebuildId, DateTimeOffset At);

/// <summary>
/// Display: the replay has been sent, <paramref name="Events"/> events in <paramref name="Messages"/> messages
/// (the catalog included). The rebuild is done once Display has applied every one of them, in whatever order they come.
/// </summary>
public sealed record ReadModelsRebuildCompleted(Guid RebuildId, long Events, long Messages, DateTimeOffset At);

/// <summary>Headers on the messages of a read-model rebuild.</summary>
public static class RebuildHeaders
{
    /// <summary>
    /// Names the rebuild (a version-7 id: a later rebuild has the greater id) that a replayed message belongs to.
    /// The read side applies such a message without pushing anything live.
    /// </summary>
    public const string RebuildId = "qms-rebuild";
}
