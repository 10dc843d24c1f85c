using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace QueueSystem.Benchmarks;

/// <summary>
/// The Queue's pure hot paths timed without servers, so a regression shows before a system run (README.md, Load figures).
/// A named class, not top-level statements: the Queue's own global <c>Program</c> would clash with the generated one.
/// </summary>
internal static class Program
{
    // Reports under bin/ (ignored by git) rather than in whichever folder the run started from.
    private static readonly IConfig Reports = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, Reports);
}
