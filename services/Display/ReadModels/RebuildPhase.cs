namespace QueueSystem.Display.ReadModels;

/// <summary>Where a message of a rebuild stands against the rebuild started last on the read side.</summary>
public enum RebuildPhase
{
    /// <summary>Its rebuild is the one started last: apply it.</summary>
    Running,

    /// <summary>Its rebuild has not started here yet (its start is still on the way): try again later.</summary>
    NotStarted,

    /// <summary>A later rebuild has started since: it would mix an older replay into the newer one, so it is dropped.</summary>
    Superseded,
}

public static class RebuildPhases
{
    /// <summary>Rebuild ids are version-7 ids, so a later rebuild has the greater id.</summary>
    public static RebuildPhase Of(Guid rebuildId, Guid? startedLast) =>
        rebuildId == startedLast ? RebuildPhase.Running
        : startedLast is { } current && rebuildId.CompareTo(current) < 0 ? RebuildPhase.Superseded
        : RebuildPhase.NotStarted;
}
