namespace PooledMixIn.Benchmark.Servers;

/// <summary>How a server ended: asked with GET /shutdown (the contract), then SIGTERM, then SIGKILL.</summary>
/// <param name="Method">What finally stopped it: "shutdown", "SIGTERM" or "SIGKILL".</param>
/// <param name="ExitCode">Its exit code, if it exited by itself.</param>
/// <param name="Duration">From the request to stop until it was gone.</param>
/// <param name="LeftBehind">Descendants still running after it ended (killed by the benchmark).</param>
internal sealed record StopOutcome(string Method, int? ExitCode, TimeSpan Duration, int LeftBehind)
{
    /// <summary>Whether it honoured GET /shutdown with exit code 0 and took all its processes with it.</summary>
    public bool Clean => Method == "shutdown" && ExitCode == 0 && LeftBehind == 0;

    public override string ToString() =>
        Clean ? "clean" : $"{Method}, exit {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, {LeftBehind} left behind";
}
