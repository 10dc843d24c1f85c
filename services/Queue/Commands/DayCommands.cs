using JasperFx;
using Marten;
using Marten.Exceptions;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Commands;

/// <summary>
/// Runs commands against today's stream of the facility: bring the state up to date, decide, append naming
/// the version decided on, and decide again on the newer state when another instance wrote first.
/// Commands that arrive while the stream is being written are decided together, in arrival order, each on
/// the state the ones before it left, and appended in one transaction (group commit): a busy facility's
/// rate is then not capped by one database round trip per command.
/// A keyed command's answer is stored in the same transaction as its events, so a repeat finds it
/// whatever happened after the commit (a lost answer, a crash, another instance).
/// </summary>
public sealed class DayCommands(IDocumentStore store, DayStates states, ServiceCatalog catalog, TimeProvider clock, ILogger<DayCommands> logger)
{
    private const int MaxAttempts = 8;
    private const int MaxGroup = 100;

    private readonly PendingCommands pending = new();

    /// <param name="decide">The command, decided on the day's state, the facility's date and the instant.</param>
    /// <param name="reply">What the caller is told when the command is done (not called when it is refused).</param>
    /// <param name="idempotent">The command's key, when it has one: a repeat gets the first answer.</param>
    public async Task<CommandAnswer<T>> ExecuteAsync<T>(
        Func<FacilityDay, DateOnly, DateTimeOffset, Decision> decide,
        Func<CommandOutcome, T> reply,
        IdempotentCommand? idempotent,
        CancellationToken cancellationToken)
        where T : notnull
    {
        var command = new PendingCommand(decide, outcome => reply(outcome), typeof(T), idempotent);
        if (pending.Add(command))
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        var answer = await command.Answer.Task.WaitAsync(cancellationToken);
        return answer switch
        {
            { KeyReused: true } => new CommandAnswer<T>.KeyReused(),
            { Rejection: { } rejection } => new CommandAnswer<T>.Refused(rejection, answer.Replayed),
            _ => new CommandAnswer<T>.Done((T)answer.Reply!, answer.Replayed),
        };
    }

    /// <summary>Whether a keyed command has been answered already (a repeat of it gets that answer, and decides nothing).</summary>
    public async Task<bool> AnsweredAsync(IdempotentCommand command, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<StoredAnswer>(command.Id, cancellationToken) is not null;
    }

    /// <summary>Today's state of the facility, as of the last write, on the current catalog.</summary>
    public async Task<FacilityDay> ReadAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var (known, _) = await CatchUpAsync(session, StreamKeys.ForDay(catalog.FacilityId, catalog.Today().Day), [], cancellationToken);
        return known.Day;
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
                group.ForEach(command => command.Answer.TrySetException(exception));
            }
        }
    }

    private async Task RunGroupAsync(List<PendingCommand> group)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            group.RemoveAll(command => command.Answer.Task.IsCompleted); // failed in an earlier attempt's decision
            if (await TryOnceAsync(group) is { } answered)
            {
                foreach (var (command, answer) in answered)
                {
                    command.Answer.TrySetResult(answer);
                }

                return;
            }
        }

        group.ForEach(command => command.Answer.TrySetException(new ContendedException()));
    }

    /// <summary>
    /// The catalog, the day and the answers already stored for the keys, brought up to date in one round trip:
    /// every decision is taken on the current catalog.
    /// </summary>
    private async Task<(KnownDay Day, Dictionary<string, StoredAnswer> Answers)> CatchUpAsync(
        IQuerySession session, string key, string[] answerIds, CancellationToken cancellationToken)
    {
        var known = await states.KnownAsync(session, key, cancellationToken);
        var batch = session.CreateBatchQuery();
        var catalogEvents = batch.Events.FetchStream(catalog.StreamKey, fromVersion: catalog.Known.Version + 1);
        var dayEvents = batch.Events.FetchStream(key, fromVersion: known.Version + 1);
        var answers = answerIds.Length == 0 ? null : batch.LoadMany<StoredAnswer>().ById(answerIds);
        await batch.Execute(cancellationToken);
        catalog.Apply(await catalogEvents);
        var stored = answers is null ? [] : await answers;
        return (states.Apply(key, known, await dayEvents), stored.ToDictionary(a => a.Id, StringComparer.Ordinal));
    }

    /// <returns>Null when another instance wrote the stream (or stored a key) first.</returns>
    private async Task<List<(PendingCommand Command, Answer Answer)>?> TryOnceAsync(List<PendingCommand> group)
    {
        var (day, now) = catalog.Today();
        var key = StreamKeys.ForDay(catalog.FacilityId, day);
        await using var session = store.LightweightSession();
        var ids = group.Select(c => c.Idempotent?.Id).OfType<string>().Distinct().ToArray();
        var (known, stored) = await CatchUpAsync(session, key, ids, CancellationToken.None);
        var state = known.Day;
        var events = new List<object>();
        var answered = new List<(PendingCommand, Answer)>();
        var newAnswers = 0;
        foreach (var command in group)
        {
            if (command.Idempotent is { } repeated && stored.TryGetValue(repeated.Id, out var first))
            {
                answered.Add((command, StoredAnswers.Replay(first, repeated, command.ReplyType)));
                continue;
            }

            Decision decision;
            FacilityDay after;
            Answer answer;
            try
            {
                var decided = command.Decide(state, day, now);
                after = decided.Rejection is null ? decided.Events.Aggregate(state, QueueDecider.Evolve) : state;
                decision = TurnReminders.Follow(decided, state, after, catalog.ReminderPosition, now);
                after = decision.Events.Skip(decided.Events.Count).Aggregate(after, QueueDecider.Evolve); // the reminders
                answer = decision.Rejection is { } rejection ? new Answer(null, rejection) : new Answer(command.Reply(new CommandOutcome(decision, after)), null);
            }
            catch (Exception exception)
            {
                command.Answer.TrySetException(exception); // a fault in one decision is that command's alone
                continue;
            }

            if (decision.Rejection is null)
            {
                events.AddRange(decision.Events);
                state = after;
            }

            if (command.Idempotent is { } keyed)
            {
                var answerToKeep = StoredAnswers.Store(keyed, answer, clock.GetUtcNow());
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

    private sealed record PendingCommand(
        Func<FacilityDay, DateOnly, DateTimeOffset, Decision> Decide, Func<CommandOutcome, object> Reply, Type ReplyType, IdempotentCommand? Idempotent)
    {
        public TaskCompletionSource<Answer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
