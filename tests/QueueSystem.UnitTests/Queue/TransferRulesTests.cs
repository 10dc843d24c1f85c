using QueueSystem.Queue.Domain;
using static QueueSystem.UnitTests.Queue.DayBuilder;

namespace QueueSystem.UnitTests.Queue;

public class TransferRulesTests
{
    private static readonly OpenCounter[] Lab = [new(4, "Lab 1"), new(5, "Lab 2")];

    private static TransferTicket Transfer(Guid ticketId, TransferPlacement placement = TransferPlacement.End, string to = "LAB", IReadOnlyList<OpenCounter>? counters = null) =>
        new(ticketId, to, placement, "blood test", counters ?? Lab, Rules, Now, "staff:doctor");

    /// <summary>
    /// Joined in this order: OPD patient 1 and LAB patient 1, OPD patient 2, LAB patient 2 (OPD at counter 1, LAB at
    /// Lab 1 and Lab 2); OPD patient 1 called.
    /// </summary>
    private static (FacilityDay Day, JoinedQueue[] Joined) Visit()
    {
        JoinedQueue[] joined = [Joined(1, 1), Joined(2, 1), Joined(1, 4, serviceCode: "LAB"), Joined(2, 5, serviceCode: "LAB")];
        return (Given(joined[0], joined[2], joined[1], joined[3], new Called("OPD", joined[0].TicketId, 1, Now, "op")), joined);
    }

    [Fact]
    public void A_called_patient_sent_to_the_lab_keeps_their_number_waits_at_its_shortest_line_and_frees_the_counter()
    {
        var (state, joined) = Visit();

        var decision = QueueDecider.Decide(Transfer(joined[0].TicketId), state);

        var transfer = decision.Single<Transferred>();
        Assert.Equal(("OPD", 1, 4), (transfer.FromServiceCode, transfer.FromCounterId, transfer.ToCounterId));
        state = state.Then(decision);
        var ticket = state.Ticket(joined[0].TicketId)!;
        Assert.Equal(("LAB", TicketStatus.Waiting, joined[0].QueueId, "OPD", "blood test"), (ticket.ServiceCode, ticket.Status, ticket.QueueId, ticket.TransferredFrom, ticket.TransferNote));
        Assert.Equal(2, state.PositionOf(ticket)); // the end of Lab 1's line
        Assert.Null(state.CurrentAt(1));
        Assert.Equal([], QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state).Events.OfType<Served>());
    }

    [Fact]
    public void Placements_put_the_patient_at_the_end_by_first_arrival_or_at_the_front()
    {
        var (state, joined) = Visit();
        var single = new OpenCounter[] { new(4, "Lab 1") };
        state = state.Then(QueueDecider.Decide(new ChangeCounterStatus("LAB", 5, CounterStatus.Break, Lab, Rules, Now, "op"), state)); // Lab 1 holds both

        Guid[] LineAfter(TransferPlacement placement, Guid ticketId) =>
            [.. state.Then(QueueDecider.Decide(Transfer(ticketId, placement, counters: single), state)).LineOf(At(4, "LAB")).Select(t => t.TicketId)];

        // OPD patient 2 joined before LAB patient 2 (arrival), after LAB patient 1.
        Assert.Equal([joined[2].TicketId, joined[3].TicketId, joined[1].TicketId], LineAfter(TransferPlacement.End, joined[1].TicketId));
        Assert.Equal([joined[2].TicketId, joined[1].TicketId, joined[3].TicketId], LineAfter(TransferPlacement.Arrival, joined[1].TicketId));
        Assert.Equal([joined[1].TicketId, joined[2].TicketId, joined[3].TicketId], LineAfter(TransferPlacement.Front, joined[1].TicketId));
    }

    [Fact]
    public void A_patient_sent_back_to_the_front_stays_behind_emergencies()
    {
        var (state, joined) = Visit();
        var emergency = Joined(3, 1, category: Emergency);
        state = QueueDecider.Evolve(state, emergency);
        var one = new OpenCounter[] { new(1, "Counter 1") };

        state = state.Then(QueueDecider.Decide(Transfer(joined[2].TicketId, TransferPlacement.Front, to: "OPD", counters: one), state));

        Assert.Equal([emergency.TicketId, joined[2].TicketId, joined[1].TicketId], state.LineOf(At(1)).Select(t => t.TicketId));
    }

    [Fact]
    public void A_transfer_is_refused_for_the_same_service_a_finished_ticket_a_service_held_already_or_closed()
    {
        var (state, joined) = Visit();
        var labPatient = joined[2];
        var both = Joined(3, 1, patient: labPatient.PatientId);
        state = QueueDecider.Evolve(state, both);
        state = state.Then(QueueDecider.Decide(new CallNext("OPD", 1, Rules, Now, "op"), state)); // patient 1 served, 2 called

        Assert.Equal(RejectionKind.Invalid, QueueDecider.Decide(Transfer(joined[1].TicketId, to: "OPD", counters: Counters), state).Rejection?.Kind);
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(Transfer(joined[0].TicketId), state).Rejection?.Kind); // served
        Assert.Equal(RejectionKind.Conflict, QueueDecider.Decide(Transfer(both.TicketId), state).Rejection?.Kind); // holds a LAB ticket
        Assert.Equal(RejectionKind.Closed, QueueDecider.Decide(Transfer(joined[1].TicketId, counters: []), state).Rejection?.Kind);
        Assert.Equal(RejectionKind.NotFound, QueueDecider.Decide(Transfer(Guid.NewGuid()), state).Rejection?.Kind);
    }
}
