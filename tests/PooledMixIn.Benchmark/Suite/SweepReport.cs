namespace PooledMixIn.Benchmark.Suite;

/// <summary>A whole sweep: its axis, and one suite run per value, in the order they ran.</summary>
internal sealed record SweepReport(SweepAxis Axis, IReadOnlyList<SweepPoint> Points)
{
    /// <summary>The machine as it was when the sweep began, with the load average at its end.</summary>
    public MachineInfo Machine => Points[0].Report.Machine with { LoadAverageAtEnd = Points[^1].Report.Machine.LoadAverageAtEnd };

    /// <summary>Every design line of the sweep, in catalogue order: one per design, whatever its name at each point.</summary>
    public IReadOnlyList<string> Families =>
        [.. Points.SelectMany(p => p.Report.Results).Select(r => Axis.Family(r.Design)).Distinct(StringComparer.Ordinal)];

    /// <summary>A design line's result at one point, if it was measured there.</summary>
    public DesignResult? At(string family, SweepPoint point) =>
        point.Report.Results.FirstOrDefault(r => r.Status == DesignStatus.Measured && Axis.Family(r.Design) == family);
}
