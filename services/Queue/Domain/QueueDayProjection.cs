using JasperFx.Events;
using Marten.Events.Aggregation;

namespace QueueSystem.Queue.Domain;

/// <summary>Keeps the day's snapshot in the same transaction as each append, so commands read it at once.</summary>
public sealed class QueueDayProjection : SingleStreamProjection<QueueDay, string>
{
    public override QueueDay? Evolve(QueueDay? snapshot, string id, IEvent e) =>
        QueueDecider.Evolve(snapshot ?? QueueDay.Empty(id), e.Data);
}
