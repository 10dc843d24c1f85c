using MySqlConnector;

namespace QueueSystem.Display.ReadModels;

public static class BatchCommands
{
    /// <summary>
    /// Adds a statement to a <see cref="MySqlBatch"/> (sent in one round trip), its parameters named after the
    /// properties of <paramref name="values"/>, as Dapper names them.
    /// </summary>
    public static void Add(this MySqlBatch batch, string statement, object values)
    {
        var command = new MySqlBatchCommand(statement);
        foreach (var property in values.GetType().GetProperties())
        {
            command.Parameters.AddWithValue("@" + property.Name, property.GetValue(values) ?? DBNull.Value);
        }

        batch.BatchCommands.Add(command);
    }
}
