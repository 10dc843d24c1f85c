using QueueSystem.Queue.Catalog;

namespace QueueSystem.UnitTests.Queue;

public class CatalogStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(5.5));

    private static readonly string[] EveryDay = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    [Fact]
    public void The_catalog_is_its_events_folded_the_latest_description_of_each_service_and_counter_winning()
    {
        object[] events =
        [
            new ServiceAdded(new CatalogService("OPD", "Outpatients", "", EveryDay, true), Now, "staff:admin"),
            new ServiceAdded(new CatalogService("LAB", "Laboratory", "", EveryDay, true), Now, "staff:admin"),
            new CounterAdded(new CatalogCounter(1, "Room 1", "OPD", "09:00", "17:00"), Now, "staff:admin"),
            new ServiceChanged(new CatalogService("LAB", "Laboratory", "Blood tests", ["Mon"], false), Now, "staff:admin"),
            new CounterChanged(new CatalogCounter(1, "Room 1A", "LAB", "08:00", "24:00"), Now, "staff:admin"),
        ];

        var catalog = events.Aggregate(CatalogState.Empty, CatalogState.Evolve);

        Assert.Equal(["LAB", "OPD"], catalog.Services.Keys);
        Assert.False(catalog.Services["LAB"].IsActive);
        Assert.Equal("Blood tests", catalog.Services["LAB"].Description);
        Assert.Equal(("Room 1A", "LAB"), (catalog.Counters[1].Name, catalog.Counters[1].ServiceCode));
        Assert.Equal(2, catalog.NextCounterId);
        Assert.Equal(1, CatalogState.Empty.NextCounterId);
    }

    [Theory]
    [InlineData("09:00", "17:00", "08:59", false)]
    [InlineData("09:00", "17:00", "09:00", true)]
    [InlineData("09:00", "17:00", "17:00", false)]
    [InlineData("00:00", "24:00", "23:59", true)]
    public void A_counter_is_open_from_its_start_until_its_end(string start, string end, string at, bool open) =>
        Assert.Equal(open, new CatalogCounter(1, "Room", "OPD", start, end).IsOpenAt(TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
}
