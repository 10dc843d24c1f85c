namespace QueueSystem.LoadTool.Reporting;

/// <summary>A line of progress on the console at a fixed interval while a scenario runs.</summary>
public sealed class Progress : IDisposable
{
    private readonly Timer timer;

    private Progress(TimeSpan interval, Func<string> line) => timer = new Timer(_ => Console.WriteLine(line()), null, interval, interval);

    public static Progress Every(TimeSpan interval, Func<string> line) => new(interval, line);

    public void Dispose() => timer.Dispose();
}
