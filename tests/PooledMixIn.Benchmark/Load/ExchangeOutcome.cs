namespace PooledMixIn.Benchmark.Load;

/// <summary>The result of one request: a good answer with its latency and server, or an error with its kind.</summary>
/// <param name="Error">Why it failed, or <see langword="null"/> for a good answer.</param>
/// <param name="LatencyTicks">Stopwatch ticks from the request's start (connect included) to its whole response.</param>
/// <param name="Answer">Who served a good answer.</param>
/// <param name="Detail">For an error: a short description for the report (allocated only on errors).</param>
internal readonly record struct ExchangeOutcome(ErrorKind? Error, long LatencyTicks, DemoAnswer Answer, string? Detail)
{
    public static ExchangeOutcome Failed(ErrorKind kind, string detail) => new(kind, 0, default, detail);
}
