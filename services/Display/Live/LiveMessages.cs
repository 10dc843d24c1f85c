using System.Text.Json;
using System.Text.Json.Serialization;
using QueueSystem.Contracts;

namespace QueueSystem.Display.Live;

// The real-time messages of the public contract. Both the plain WebSocket and the SignalR hub send
// exactly these objects, serialised in snake_case. Patient names in them follow the name policy.

public sealed record ServingPatient(string QueueId, string PatientName);

public sealed record CounterState(
    int CounterId,
    string CounterName,
    string Service,
    string Status,
    ServingPatient? ServingPatient,
    long QueueLength);

public sealed record InitialData(IReadOnlyList<CounterState> Counters)
{
    [JsonPropertyOrder(-1)]
    public string Type => LiveMessageNames.InitialData;
}

public sealed record QueueUpdate(int CounterId, ServingPatient? ServingPatient, long QueueLength)
{
    [JsonPropertyOrder(-1)]
    public string Type => LiveMessageNames.QueueUpdate;
}

public sealed record CounterStatusUpdate(int CounterId, string Status)
{
    [JsonPropertyOrder(-1)]
    public string Type => LiveMessageNames.CounterStatusUpdate;
}

public sealed record PatientCalled(int CounterId, string CounterName, string QueueId, string PatientName)
{
    [JsonPropertyOrder(-1)]
    public string Type => LiveMessageNames.PatientCalled;
}

public static class LiveJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
