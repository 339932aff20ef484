namespace PooledMixIn.Benchmark.Suite;

/// <summary>One suite run: where, how, and every design's result, in the order they ran.</summary>
internal sealed record SuiteReport(MachineInfo Machine, SuiteSettings Settings, IReadOnlyList<DesignResult> Results, TimeSpan Elapsed)
{
    public IEnumerable<DesignResult> Pass(SuitePass mode) => Results.Where(r => r.Mode == mode);

    /// <summary>A design's throughput relative to another's in the same pass (same run, same client), if both were measured.</summary>
    public double? Ratio(DesignResult result, string baselineName)
    {
        var baseline = Results.FirstOrDefault(r => r.Mode == result.Mode && r.Design.Name == baselineName && r.Status == DesignStatus.Measured);
        return baseline?.Load is { RequestsPerSecond: > 0 } reference && result.Load is { } load
            ? load.RequestsPerSecond / reference.RequestsPerSecond
            : null;
    }

    /// <summary>The same ratio from wrk's figures.</summary>
    public double? WrkRatio(DesignResult result, string baselineName)
    {
        var baseline = Results.FirstOrDefault(r => r.Mode == result.Mode && r.Design.Name == baselineName && r.Status == DesignStatus.Measured);
        return baseline?.Wrk is { RequestsPerSecond: > 0 } reference && result.Wrk is { } wrk
            ? wrk.RequestsPerSecond / reference.RequestsPerSecond
            : null;
    }

    public bool HasFailures => Results.Any(r => r.IsFailure);
}
