namespace PooledMixIn.Benchmark.Suite;

/// <summary>How the client connects in one pass of the suite.</summary>
internal enum ConnectionMode
{
    /// <summary>A new connection per request, <c>Connection: close</c>: what siege did for the seed, and Stevens' client.</summary>
    NewConnection,

    /// <summary>One connection per client for as long as the server keeps it.</summary>
    KeepAlive,
}
