using System.Collections.Concurrent;
using System.Reflection;
using MySqlConnector;

namespace QueueSystem.Display.ReadModels;

public static class BatchCommands
{
    // Each row type's parameters, looked up once: a batch adds thousands of rows a second.
    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> Parameters = new();

    /// <summary>
    /// Adds a statement to a <see cref="MySqlBatch"/> (sent in one round trip), its parameters named after the
    /// properties of <paramref name="values"/>, as Dapper names them.
    /// </summary>
    public static void Add(this MySqlBatch batch, string statement, object values)
    {
        var command = new MySqlBatchCommand(statement);
        foreach (var (name, property) in Parameters.GetOrAdd(values.GetType(), type => [.. type.GetProperties().Select(p => ("@" + p.Name, p))]))
        {
            command.Parameters.AddWithValue(name, property.GetValue(values) ?? DBNull.Value);
        }

        batch.BatchCommands.Add(command);
    }
}
