namespace PooledMixIn.Benchmark.Suite;

/// <summary>One pass of the suite: how the client connects, and which handler it calls.</summary>
internal enum SuitePass
{
    /// <summary>
    /// <c>GET /bench</c>, a new connection per request with <c>Connection: close</c>: what siege did for the seed,
    /// and Stevens' client.
    /// </summary>
    NewConnection,

    /// <summary><c>GET /bench</c> on one connection per client, for as long as the server keeps it.</summary>
    KeepAlive,

    /// <summary>
    /// <c>GET /sleep/&lt;ms&gt;</c>, a new connection per request: a handler that blocks its thread, as on a synchronous
    /// database call. Where pools of dedicated threads earn their keep, and where a starved .NET thread pool falls
    /// off a cliff.
    /// </summary>
    SlowHandler,
}
