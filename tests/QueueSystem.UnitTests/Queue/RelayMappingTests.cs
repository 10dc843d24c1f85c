using JasperFx.Events;
using QueueSystem.Queue.Domain;
using QueueSystem.Queue.Relay;
using Contract = QueueSystem.Contracts;

namespace QueueSystem.UnitTests.Queue;

public class RelayMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(5.5));

    [Fact]
    public void An_event_of_a_facilitys_day_is_relayed_with_its_facility_and_service()
    {
        var ticketId = Guid.NewGuid();
        var stored = new Event<Served>(new Served("OPD", ticketId, 3, Now, "staff:op1")) { StreamKey = "city-hospital/2026-11-27", Sequence = 42, Version = 7 };

        var contract = Assert.IsType<Contract.Served>(ContractMapper.ToContract(stored, FacilityDay.Empty(stored.StreamKey!), [], _ => "Counter 3", code => code));

        Assert.Equal(("city-hospital", "OPD", ticketId, 3), (contract.FacilityId, contract.ServiceCode, contract.TicketId, contract.CounterId));
        Assert.Equal((42L, 7L), (contract.Envelope.Sequence, contract.Envelope.StreamVersion));
    }

    [Fact]
    public void An_event_stored_before_the_facilitys_day_was_one_stream_takes_its_service_from_the_streams_key()
    {
        // As such an event reads back: it was written without a service.
        var stored = new Event<Served>(new Served(null!, Guid.NewGuid(), 3, Now, "staff:op1")) { StreamKey = "city-hospital/LAB/2026-11-27" };

        var contract = Assert.IsType<Contract.Served>(ContractMapper.ToContract(stored, FacilityDay.Empty(stored.StreamKey!), [], _ => "Counter 3", code => code));

        Assert.Equal(("city-hospital", "LAB"), (contract.FacilityId, contract.ServiceCode));
    }

    [Theory]
    [InlineData("mt_tombstone")] // Marten's record of an append that failed (seen under load: it stopped the relay)
    [InlineData("city-hospital/OPD")]
    [InlineData("city-hospital/OPD/today")]
    [InlineData("city-hospital/today")]
    public void Streams_that_are_not_day_streams_are_not_relayed(string streamKey)
    {
        var stored = new Event<Served>(new Served("OPD", Guid.NewGuid(), 3, Now, "staff:op1")) { StreamKey = streamKey };

        Assert.Null(ContractMapper.ToContract(stored, FacilityDay.Empty(streamKey), [], _ => "", code => code));
    }

    [Fact]
    public void A_days_events_go_out_in_order_in_batches_and_a_catalog_event_goes_out_alone()
    {
        var day = Enumerable.Range(1, EventRelay.MaxBatch + 5).Select(version => Relayed(version)).ToList();
        var catalogEvent = new Event<Served>(new Served("OPD", Guid.NewGuid(), 3, Now, "op")) { Id = Guid.NewGuid(), StreamKey = "city-hospital/catalog" };
        var counter = new Contract.CounterSaved(Envelope(catalogEvent), "city-hospital", 3, "Room 3", "OPD", "08:00", "16:00", Now, "admin");
        List<(IEvent, object)> stream = [.. day.Take(3), (catalogEvent, counter), .. day.Skip(3)];

        var outgoing = EventRelay.Outgoing(stream).ToList();

        Assert.Equal(4, outgoing.Count);
        Assert.Equal(day[0].Event.Id, outgoing[0].Id); // a batch goes out under its first event's id
        Assert.Equal((catalogEvent.Id, (object)counter), outgoing[1]);
        Assert.Equal(day[3].Event.Id, outgoing[2].Id);
        var versions = outgoing.Select(o => o.Message).OfType<Contract.QueueEventsRelayed>()
            .Select(batch => batch.Events.Select(e => ((Contract.Served)e.Message).Envelope.StreamVersion).ToList()).ToList();
        Assert.Equal([3, EventRelay.MaxBatch, 2], versions.Select(v => v.Count));
        Assert.Equal(Enumerable.Range(1, EventRelay.MaxBatch + 5).Select(v => (long)v), versions.SelectMany(v => v));
    }

    [Fact]
    public void A_batchs_calls_also_go_out_on_their_own_for_the_texts()
    {
        var call = new Event<Called>(new Called("OPD", Guid.NewGuid(), 3, Now, "op")) { Id = Guid.NewGuid(), StreamKey = "city-hospital/2026-11-27", Version = 2 };
        Contract.Ticket moved = new(Guid.NewGuid(), "OPD_002_1234", "OPD", 3, "Counter 3", "waiting", 1, 0, 5, "Ravi", Now, null, null, null, [], null);
        List<(IEvent, object)> stream = [Relayed(1), (call, ContractMapper.ToContract(call, FacilityDay.Empty(call.StreamKey!), [moved], _ => "Counter 3", code => code)!), Relayed(3)];

        var outgoing = EventRelay.Outgoing(stream).ToList();

        var screens = Assert.IsType<Contract.QueueEventsRelayed>(outgoing[0].Message);
        Assert.Equal(3, screens.Events.Count);
        Assert.Equal([moved], Assert.IsType<Contract.Called>(screens.Events[1].Message).Tickets);
        var texts = Assert.IsType<Contract.PatientTextsRelayed>(outgoing[1].Message);
        Assert.Equal(call.Id, outgoing[1].Id);
        var textedCall = Assert.IsType<Contract.Called>(Assert.Single(texts.Events).Message);
        Assert.Equal(call.Id, textedCall.Envelope.EventId);
        Assert.Empty(textedCall.Tickets); // Notification texts the patient; the line a call moved is the screens' business
        Assert.Equal(2, outgoing.Count);
    }

    [Fact]
    public void A_batch_closes_once_it_carries_enough_tickets_however_few_its_events()
    {
        // Calls over a long line move everyone behind them: five events of 60 tickets each.
        var line = Enumerable.Range(1, 60)
            .Select(place => new Contract.Ticket(Guid.NewGuid(), $"OPD_{place:D3}_1234", "OPD", 3, "Counter 3", "waiting", place, place - 1, place * 5, "Ravi", Now, null, null, null, [], null))
            .ToList();
        var stream = Enumerable.Range(1, 5).Select(version =>
        {
            var stored = new Event<Served>(new Served("OPD", Guid.NewGuid(), 3, Now, "op")) { Id = Guid.NewGuid(), StreamKey = "city-hospital/2026-11-27", Version = version };
            return ((IEvent)stored, ContractMapper.ToContract(stored, FacilityDay.Empty(stored.StreamKey!), line, _ => "Counter 3", code => code)!);
        }).ToList();

        var batches = EventRelay.Outgoing(stream).Select(o => Assert.IsType<Contract.QueueEventsRelayed>(o.Message)).ToList();

        Assert.Equal([3, 2], batches.Select(b => b.Events.Count)); // 180 tickets pass the limit of 150 at the third event
        Assert.Equal(Enumerable.Range(1, 5).Select(v => (long)v), batches.SelectMany(b => b.Events).Select(e => ((Contract.Served)e.Message).Envelope.StreamVersion));
    }

    private static (IEvent Event, object Contract) Relayed(long version)
    {
        var stored = new Event<Served>(new Served("OPD", Guid.NewGuid(), 3, Now, "op")) { Id = Guid.NewGuid(), StreamKey = "city-hospital/2026-11-27", Version = version };
        return (stored, ContractMapper.ToContract(stored, FacilityDay.Empty(stored.StreamKey!), [], _ => "Counter 3", code => code)!);
    }

    private static Contract.EventEnvelope Envelope(Event<Served> stored) => new(stored.Id, stored.StreamKey!, stored.Version, stored.Sequence, stored.Timestamp);
}
