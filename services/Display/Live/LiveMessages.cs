using System.Text.Json;
using System.Text.Json.Serialization;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.Display.Live;

// The real-time messages of the public contract. Both the plain WebSocket and the SignalR hub send
// exactly these objects, serialised in snake_case.

public sealed record ServingPatient(string QueueId, string PatientName);

public sealed record CounterState(
    int CounterId,
    string CounterName,
    string Service,
    string Status,
    ServingPatient? ServingPatient,
    long QueueLength)
{
    public static CounterState From(CounterBoard board) => new(
        board.CounterId,
        board.CounterName,
        board.ServiceCode,
        board.Status,
        board.ServingQueueId is null ? null : new ServingPatient(board.ServingQueueId, board.ServingPatientName ?? ""),
        board.QueueLength);
}

public sealed record InitialData(IReadOnlyList<CounterState> Counters)
{
    [JsonPropertyOrder(-1)]
    public string Type => "initial_data";
}

public sealed record QueueUpdate(int CounterId, ServingPatient? ServingPatient, long QueueLength)
{
    [JsonPropertyOrder(-1)]
    public string Type => "queue_update";
}

public static class LiveJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
