namespace PooledMixIn.Benchmark.Goals;

/// <summary>How one goal fared in a run, and the figures it was judged on.</summary>
/// <param name="Met">True when met, false when missed, null when the run lacks a design the goal needs.</param>
/// <param name="Measured">The figures, as the report prints them.</param>
internal sealed record GoalVerdict(bool? Met, string Measured)
{
    public static GoalVerdict NotMeasured(string missing) => new(null, "not measured: " + missing);

    /// <summary>The verdict's word in the report.</summary>
    public string Word => Met switch { true => "**met**", false => "**missed**", null => "–" };
}
