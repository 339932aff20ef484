using PooledMixIn.Sockets.Http;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// How <see cref="WebHostBuilderPooledProcessesExtensions.UsePooledProcesses(Microsoft.AspNetCore.Hosting.IWebHostBuilder)"/>
/// sizes and runs the pool. Bound from the configuration section <c>PooledProcesses</c>
/// (<c>appsettings.json</c>, <c>PooledProcesses__ThreadCount=32</c>, <c>--PooledProcesses:ThreadCount=32</c>),
/// then adjusted by the delegate given to <c>UsePooledProcesses</c>, as Kestrel's options are.
/// </summary>
/// <remarks>
/// Every process reads the same configuration, so the server process and its workers agree on the pool's shape.
/// </remarks>
public sealed class PooledProcessesServerOptions
{
    /// <summary>The name of the configuration section the options are bound from.</summary>
    public const string SectionName = "PooledProcesses";

    /// <summary>Worker processes: the seed's <c>_process_n</c>. Default one per core, at least 2.</summary>
    public int ProcessCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// Threads per worker process, each serving one connection at a time: the seed's <c>_thread_n</c>. Default 64,
    /// <see cref="PooledProcessMixIn.DefaultThreadCount"/>.
    /// </summary>
    public int ThreadCount { get; set; } = 64;

    /// <summary>How the pool's threads take turns to accept. Default <see cref="AcceptStrategy.EpollExclusive"/>, as <see cref="PooledProcessMixIn.Strategy"/>.</summary>
#pragma warning disable CA1416 // plain data, bound from configuration on any OS; only the Linux-only server reads it
    public AcceptStrategy Strategy { get; set; } = AcceptStrategy.EpollExclusive;
#pragma warning restore CA1416

    /// <summary>How long the server process waits for a worker to acknowledge a hand-off. See <see cref="PooledProcessMixIn.HandoffTimeout"/>.</summary>
    public TimeSpan HandoffTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a worker may take to start (its host included) before the server gives up. Default 30 s.</summary>
    public TimeSpan WorkerStartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long stopping waits for requests in flight before workers are killed. <see langword="null"/> (the
    /// default) uses the host's <see cref="Microsoft.Extensions.Hosting.HostOptions.ShutdownTimeout"/>.
    /// </summary>
    public TimeSpan? GracefulStopTimeout { get; set; }

    /// <summary>
    /// Variables set in every worker's environment over the server's (see
    /// <see cref="Preforking.PreforkingMixIn.WorkerEnvironment"/>), after the pool's own default, a 4 MiB gen0 budget
    /// (<c>DOTNET_GCgen0size=400000</c>), which an entry of the same name here replaces: for instance
    /// <c>--PooledProcesses:WorkerEnvironment:DOTNET_TieredPGO=0</c>. Empty by default.
    /// </summary>
    public Dictionary<string, string> WorkerEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The largest request body accepted, in bytes; a larger one is answered 413 before the app sees it. The body
    /// is read before the app runs, so this bounds each thread's memory too. Default 1 MiB (layer 1's).
    /// </summary>
    public long MaxRequestBodySize { get; set; } = HttpRequestLimits.Default.MaxBodyLength;

    /// <summary>
    /// How long a kept-alive connection may stay idle between requests before it is closed. Idle connections hold a
    /// thread each, so this is short by default: layer 1's 5 s (Apache's; Kestrel keeps 130 s on its event loop).
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = HttpRequestLimits.Default.KeepAliveTimeout;

    /// <summary>How long a client has to send a request's whole head, from its first byte. Default layer 1's 20 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = HttpRequestLimits.Default.RequestHeadTimeout;

    /// <summary>The longest a single read or write on a connection may block. Default 30 s.</summary>
    public TimeSpan IOTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
