using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using QueueSystem.Benchmarks.Support;
using QueueSystem.Queue.Apis;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;
using Ticket = QueueSystem.Contracts.Ticket;

namespace QueueSystem.Benchmarks.TicketUpdates;

/// <summary>
/// A ticket update as it is made for every ticket a command moves: the Queue's view of the ticket on the busy day,
/// and its JSON as the Display service sends it in <c>ticket_update</c> (Live/TicketUpdates.cs).
/// </summary>
[MemoryDiagnoser]
public class TicketUpdateBenchmarks
{
    private FacilityDay day = null!;
    private TicketState ticket = null!;
    private TicketViews views = null!;
    private Ticket view = null!;

    [GlobalSetup]
    public void Setup()
    {
        day = BusyDay.Build();
        // A patient sent on to the lab, waiting deep in its line: position, wait, visit steps and tracking link all filled.
        ticket = day.Tickets.Values
            .Where(t => t.Status == TicketStatus.Waiting && t.EarlierSteps is { Count: > 0 })
            .MaxBy(t => day.PositionOf(t))!;
        var options = Options.Create(new CatalogOptions { PublicUrl = "https://queue.example-hospital.in" });
        var catalog = new ServiceCatalog(options, TimeProvider.System);
        catalog.Remember(BusyDay.Catalog(), version: 1);
        views = new TicketViews(catalog, options);
        view = views.From(ticket, day);
    }

    [Benchmark]
    public Ticket View() => views.From(ticket, day);

    [Benchmark]
    public JsonElement Serialise() => JsonSerializer.SerializeToElement(view, JsonSerializerOptions.Web);
}
