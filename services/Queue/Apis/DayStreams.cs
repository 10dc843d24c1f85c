using JasperFx;
using Marten;
using Marten.Exceptions;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>The outcome of a command on a day stream, with the state after it.</summary>
public sealed record CommandOutcome(Decision Decision, FacilityDay Day);

/// <summary>
/// Runs commands against today's stream of the facility: bring the state up to date, decide, append naming
/// the version decided on, and decide again on the newer state when another instance wrote first.
/// Commands that arrive while the stream is being written are decided together, in arrival order, each on
/// the state the ones before it left, and appended in one transaction (group commit): a busy facility's
/// rate is then not capped by one database round trip per command.
/// A keyed command's answer is stored in the same transaction as its events, so a repeat finds it
/// whatever happened after the commit (a lost answer, a crash, another instance).
/// </summary>
public sealed class DayStreams(IDocumentStore store, DayStates states, ServiceCatalog catalog, StoredAnswers answers, ILogger<DayStreams> logger)
{
    private const int MaxAttempts = 8;
    private const int MaxGroup = 100;

    private readonly PendingCommands pending = new();

    /// <param name="answer">The response to the command from its outcome.</param>
    /// <param name="idempotent">The command's key, when it has one: a repeat gets the first answer.</param>
    public Task<IResult> ExecuteAsync(
        Func<FacilityDay, DateOnly, DateTimeOffset, Decision> decide,
        Func<CommandOutcome, IResult> answer,
        IdempotentCommand? idempotent,
        CancellationToken cancellationToken)
    {
        var command = new PendingCommand(decide, answer, idempotent);
        if (pending.Add(command))
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return command.Outcome.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes the waiting commands, group by group, until none is left.</summary>
    private async Task DrainAsync()
    {
        while (pending.TakeGroup(MaxGroup) is { Count: > 0 } group)
        {
            try
            {
                await RunGroupAsync(group);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Commands on the facility's day could not be written");
                group.ForEach(command => command.Outcome.TrySetException(exception));
            }
        }
    }

    private async Task RunGroupAsync(List<PendingCommand> group)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            group.RemoveAll(command => command.Outcome.Task.IsCompleted); // failed in an earlier attempt's decision
            var (day, now) = catalog.Today();
            var key = StreamKeys.ForDay(catalog.FacilityId, day);
            if (await TryOnceAsync(key, day, now, group) is { } answered)
            {
                foreach (var (command, answer) in answered)
                {
                    command.Outcome.TrySetResult(answer);
                }

                return;
            }
        }

        group.ForEach(command => command.Outcome.TrySetException(new ContendedException()));
    }

    /// <returns>Null when another instance wrote the stream (or stored a key) first.</returns>
    private async Task<List<(PendingCommand Command, IResult Answer)>?> TryOnceAsync(string key, DateOnly day, DateTimeOffset now, List<PendingCommand> group)
    {
        await using var session = store.LightweightSession();
        await catalog.CatchUpAsync(session, CancellationToken.None); // every decision on the current catalog
        var known = await states.CatchUpAsync(session, key, CancellationToken.None);
        var stored = await answers.FindAsync(session, group.Select(c => c.Idempotent).OfType<IdempotentCommand>());
        var state = known.Day;
        var events = new List<object>();
        var answered = new List<(PendingCommand, IResult)>();
        var newAnswers = 0;
        foreach (var command in group)
        {
            if (command.Idempotent is { } repeated && stored.TryGetValue(repeated.Id, out var first))
            {
                answered.Add((command, StoredAnswers.Replay(first, repeated)));
                continue;
            }

            Decision decision;
            FacilityDay after;
            IResult answer;
            try
            {
                decision = TurnReminders.Follow(command.Decide(state, day, now), state, catalog.ReminderPosition, now);
                after = decision.Rejection is null ? decision.Events.Aggregate(state, QueueDecider.Evolve) : state;
                answer = command.Answer(new CommandOutcome(decision, after));
            }
            catch (Exception exception)
            {
                command.Outcome.TrySetException(exception); // a fault in one decision is that command's alone
                continue;
            }

            if (decision.Rejection is null)
            {
                events.AddRange(decision.Events);
                state = after;
            }

            if (command.Idempotent is { } keyed)
            {
                var answerToKeep = answers.Store(keyed, answer);
                session.Insert(answerToKeep);
                stored[keyed.Id] = answerToKeep; // the same key again in this group is a repeat
                newAnswers++;
            }

            answered.Add((command, answer));
        }

        if (events.Count == 0 && newAnswers == 0)
        {
            return answered;
        }

        if (events.Count > 0 && known.Version == 0)
        {
            session.Events.StartStream(key, events);
        }
        else if (events.Count > 0)
        {
            session.Events.Append(key, known.Version + events.Count, events);
        }

        try
        {
            // Not any one caller's cancellation: the group's other commands are written with it.
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception conflict) when (conflict is ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException)
        {
            return null; // decide again on what the other writer left
        }

        if (events.Count > 0)
        {
            states.Remember(key, new KnownDay(state, known.Version + events.Count));
        }

        return answered;
    }

    /// <summary>Today's state of the facility, as of the last write.</summary>
    public async Task<FacilityDay> ReadAsync(CancellationToken cancellationToken)
    {
        var key = StreamKeys.ForDay(catalog.FacilityId, catalog.Today().Day);
        await using var session = store.QuerySession();
        return (await states.CatchUpAsync(session, key, cancellationToken)).Day;
    }

    private sealed record PendingCommand(Func<FacilityDay, DateOnly, DateTimeOffset, Decision> Decide, Func<CommandOutcome, IResult> Answer, IdempotentCommand? Idempotent)
    {
        public TaskCompletionSource<IResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The commands waiting to be written, and whether a writer is draining them.</summary>
    private sealed class PendingCommands
    {
        private readonly Lock gate = new();
        private readonly Queue<PendingCommand> waiting = new();
        private bool draining;

        /// <returns>True when nobody is draining: the caller must start.</returns>
        public bool Add(PendingCommand command)
        {
            lock (gate)
            {
                waiting.Enqueue(command);
                if (draining)
                {
                    return false;
                }

                draining = true;
                return true;
            }
        }

        /// <summary>The next commands in arrival order; none means the drain is over.</summary>
        public List<PendingCommand> TakeGroup(int max)
        {
            lock (gate)
            {
                var group = new List<PendingCommand>();
                while (group.Count < max && waiting.TryDequeue(out var command))
                {
                    group.Add(command);
                }

                draining = group.Count > 0;
                return group;
            }
        }
    }
}
