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
}
