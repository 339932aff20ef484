namespace PooledMixIn.Ipc.Benchmark;

/// <summary>One row of the result table.</summary>
/// <param name="Primitive">What was measured, e.g. "SharedSemaphore".</param>
/// <param name="Kind">"uncontended" (one thread, never blocks) or "round trip" (A signals B, B signals A).</param>
/// <param name="Scope">"in-process" (two threads) or "cross-process" (two processes).</param>
/// <param name="Operation">The operation pair timed.</param>
/// <param name="Iterations">How many were timed (after warm-up).</param>
/// <param name="MeanNanoseconds">Mean time per operation pair.</param>
/// <param name="MedianNanoseconds">Median, for round trips (timed one by one); null for uncontended loops.</param>
/// <param name="P99Nanoseconds">99th percentile, for round trips; null for uncontended loops.</param>
internal sealed record Measurement(
    string Primitive,
    string Kind,
    string Scope,
    string Operation,
    int Iterations,
    double MeanNanoseconds,
    double? MedianNanoseconds,
    double? P99Nanoseconds);
