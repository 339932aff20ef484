namespace PooledMixIn.Benchmark.Load;

/// <summary>Where in one request an exception struck; the same exception means different things in each.</summary>
internal enum RequestPhase
{
    /// <summary>Opening the connection.</summary>
    Connect,

    /// <summary>Writing the request.</summary>
    Send,

    /// <summary>Reading the response (or waiting for the server's close after it).</summary>
    Receive,
}
