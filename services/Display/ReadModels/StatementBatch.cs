using System.Text;
using Dapper;

namespace QueueSystem.Display.ReadModels;

/// <summary>
/// Many parameterised statements sent as one command (one round trip). Each statement's parameters get
/// their own prefix, so the same statement can appear many times with different values.
/// </summary>
public sealed class StatementBatch
{
    private readonly StringBuilder sql = new();
    private int count;

    public DynamicParameters Parameters { get; } = new();

    public string Sql => sql.ToString();

    /// <param name="statement">SQL whose only <c>@</c> characters start parameter names.</param>
    /// <param name="values">An object whose properties are the statement's parameters.</param>
    public void Add(string statement, object values)
    {
        var prefix = $"s{count++}_";
        sql.AppendLine(statement.Replace("@", "@" + prefix, StringComparison.Ordinal));
        foreach (var property in values.GetType().GetProperties())
        {
            Parameters.Add(prefix + property.Name, property.GetValue(values));
        }
    }
}
