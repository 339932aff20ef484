namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// What a good response tells about who served it: the worker process, and where in the receive buffer the
/// thread's name is (a range, so that counting per thread allocates nothing for a thread already seen).
/// </summary>
/// <param name="ResponseLength">How many bytes the whole response took.</param>
/// <param name="KeepAlive">Whether the server lets the connection be reused.</param>
/// <param name="ProcessId">The PID field of the demo line.</param>
/// <param name="Thread">The thread field's position in the received bytes.</param>
internal readonly record struct DemoAnswer(int ResponseLength, bool KeepAlive, int ProcessId, Range Thread);
