namespace QueueSystem.Queue.Catalog;

/// <summary>
/// The facility (configuration section <c>Queue</c>): its id, time zone, and the example services and
/// counters written to the catalog on the first start when it is empty. After that, admins manage services
/// and counters (events of the catalog stream).
/// </summary>
public sealed class CatalogOptions
{
    public const string Section = "Queue";

    public string FacilityId { get; set; } = "default";

    /// <summary>IANA time zone of the facility: the day's queue closes at its midnight.</summary>
    public string TimeZone { get; set; } = "Asia/Kolkata";

    /// <summary>Minutes a patient is expected to take before any service time has been observed.</summary>
    public int DefaultServiceMinutes { get; set; } = 5;

    /// <summary>The place in line at which a patient is told their turn is near (by SMS); 0: never.</summary>
    public int ReminderPosition { get; set; } = 3;

    /// <summary>Tickets one kiosk may issue in a row (a family at the kiosk), then one per <see cref="KioskSecondsPerTicket"/>.</summary>
    public int KioskTicketBurst { get; set; } = 2;

    public int KioskSecondsPerTicket { get; set; } = 15;

    /// <summary>The hospital's name, printed on walk-in tickets.</summary>
    public string FacilityName { get; set; } = "Hospital";

    /// <summary>
    /// The address phones reach the gateway at (QMS_PUBLIC_URL, else the gateway's own), the start of every ticket's
    /// tracking link; empty: links relative to the gateway.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    public List<ServiceEntry> Services { get; set; } = [];

    public List<CounterEntry> Counters { get; set; } = [];

    public sealed class ServiceEntry
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public bool IsActive { get; set; } = true;

        /// <summary>Days of the week the service runs: Mon … Sun.</summary>
        public List<string> WeekDays { get; set; } = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

        /// <summary>Priority calls at most in a row while a regular patient waits (0: in order of arrival).</summary>
        public int PriorityRun { get; set; } = Domain.ServiceRules.Default.PriorityRun;

        /// <summary>Minutes after which a regular patient is called as priority.</summary>
        public int TargetWaitMinutes { get; set; } = Domain.ServiceRules.Default.TargetWaitMinutes;
    }

    public sealed class CounterEntry
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string ServiceCode { get; set; } = "";

        /// <summary>Opening time, "HH:mm" in the facility's time zone.</summary>
        public string StartTime { get; set; } = "00:00";

        /// <summary>Closing time, "HH:mm"; "24:00" is midnight at the end of the day.</summary>
        public string EndTime { get; set; } = "24:00";
    }
}
