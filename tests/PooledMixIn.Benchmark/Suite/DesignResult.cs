using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Servers;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>One design measured in one pass: the client's view and the server's own costs.</summary>
internal sealed record DesignResult(ServerDesign Design, SuitePass Mode, DesignStatus Status, string Note)
{
    public LoadResult? Load { get; init; }

    /// <summary>wrk's view of the same server, loaded the same way right after the project's client; null without wrk.</summary>
    public WrkResult? Wrk { get; init; }

    /// <summary>Why wrk has no figures for this design, when it ran and failed.</summary>
    public string WrkNote { get; init; } = "";

    /// <summary>With several rounds: each round's requests per second, in the order they ran.</summary>
    public IReadOnlyList<double> RoundThroughputs { get; init; } = [];

    /// <summary>Errors during the warm-up: not measured, but a smoke run fails on them too.</summary>
    public long WarmupErrors { get; init; }

    /// <summary>User+sys CPU of the server's whole process tree over the measured window.</summary>
    public TimeSpan ServerCpu { get; init; }

    /// <summary>Peak of the resident memory summed over the server's processes, sampled every 100 ms.</summary>
    public long PeakResidentBytes { get; init; }

    /// <summary>Proportional memory summed over the server's processes at the end of the load (shared pages counted once).</summary>
    public long ProportionalBytes { get; init; }

    public int PeakProcessCount { get; init; }

    public TimeSpan StartupTime { get; init; }

    public StopOutcome? Stop { get; init; }

    public double ServerCpuMicrosPerRequest =>
        Load is { GoodResponses: > 0 } load ? ServerCpu.TotalMicroseconds / load.GoodResponses : 0;

    public double ClientCpuMicrosPerRequest =>
        Load is { GoodResponses: > 0 } load ? load.ClientCpu.TotalMicroseconds / load.GoodResponses : 0;

    /// <summary>Whether the smoke run must fail for this: a failure, any error or wrong answer, or an unclean stop.</summary>
    public bool IsFailure =>
        Status == DesignStatus.Failed
        || (Status == DesignStatus.Measured && (Load!.TotalErrors > 0 || WarmupErrors > 0 || Stop is not { Clean: true }));
}
