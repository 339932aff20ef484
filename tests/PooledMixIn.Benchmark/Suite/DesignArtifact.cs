namespace PooledMixIn.Benchmark.Suite;

/// <summary>A design's dll ready to start, or why there is none.</summary>
internal sealed record DesignArtifact(string? AssemblyPath, DesignStatus Status, string Note)
{
    public static DesignArtifact Ready(string assemblyPath) => new(assemblyPath, DesignStatus.Measured, "");
}
