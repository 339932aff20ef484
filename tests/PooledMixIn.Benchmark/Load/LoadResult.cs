namespace PooledMixIn.Benchmark.Load;

/// <summary>What one load measured, merged over its client loops.</summary>
internal sealed class LoadResult
{
    public required LoadSettings Settings { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The client's own CPU time (user+sys) over the load: it shares the machine with the server.</summary>
    public required TimeSpan ClientCpu { get; init; }

    /// <summary>What the client allocated over the load (approximate): a lean client leaves the cores to the server.</summary>
    public long ClientAllocatedBytes { get; init; }

    public required LatencyHistogram Latency { get; init; }

    public required WorkerTally Workers { get; init; }

    /// <summary>Error counts indexed by <see cref="ErrorKind"/>.</summary>
    public required IReadOnlyList<long> Errors { get; init; }

    public required IReadOnlyList<string> ErrorSamples { get; init; }

    public required long ConnectionsOpened { get; init; }

    public long GoodResponses => Latency.Count;

    public long TotalErrors => Errors.Sum();

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? GoodResponses / Elapsed.TotalSeconds : 0;

    public long ErrorCount(ErrorKind kind) => Errors[(int)kind];
}
