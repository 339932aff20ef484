namespace PooledMixIn.Benchmark.Suite;

/// <summary>What became of one design in one pass.</summary>
internal enum DesignStatus
{
    /// <summary>Started, loaded, measured and stopped.</summary>
    Measured,

    /// <summary>Its demo project does not exist yet, or (with --no-build) its dll is missing: skipped.</summary>
    NotBuilt,

    /// <summary>Its build failed, it did not start or answer, or it crashed: a failure of the run.</summary>
    Failed,
}
