using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Catalog;

/// <summary>
/// A category of patients called earlier than regular ones: <see cref="Level"/> emergency or priority, named in
/// English and Hindi; <see cref="SelfDeclared"/>: patients may choose it when joining (staff check at the counter).
/// </summary>
public sealed record CatalogCategory(string Code, string Name, string NameHi, CallLevel Level, bool SelfDeclared)
{
    /// <summary>What a facility starts with: emergencies marked by staff, and the precedence Indian hospitals give.</summary>
    public static readonly IReadOnlyList<CatalogCategory> Defaults =
    [
        new("EMERGENCY", "Emergency", "आपातकालीन", CallLevel.Emergency, SelfDeclared: false),
        new("SENIOR", "Senior citizen (60+)", "वरिष्ठ नागरिक (60+)", CallLevel.Priority, SelfDeclared: true),
        new("PREGNANT", "Pregnant woman", "गर्भवती महिला", CallLevel.Priority, SelfDeclared: true),
        new("DISABILITY", "Person with disability", "दिव्यांग व्यक्ति", CallLevel.Priority, SelfDeclared: true),
    ];

    /// <summary>The ticket's category as a command records it.</summary>
    public TicketCategory ForTicket() => new(Code, Level);
}

/// <summary>An admin replaced the list of categories (the whole list).</summary>
public sealed record CategoriesChanged(IReadOnlyList<CatalogCategory> Categories, DateTimeOffset At, string By);
