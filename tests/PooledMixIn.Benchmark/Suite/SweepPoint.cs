namespace PooledMixIn.Benchmark.Suite;

/// <summary>One point of a sweep: the value of its axis, and the suite run made at it.</summary>
internal sealed record SweepPoint(int Value, SuiteReport Report);
