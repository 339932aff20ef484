namespace PooledMixIn.Hosting;

/// <summary>
/// The pool a hosted PooledMixIn server runs, bound from the configuration section <c>PooledMixIn</c>
/// (<c>appsettings.json</c>, <c>PooledMixIn__ThreadCount=32</c>, <c>--PooledMixIn:ThreadCount=32</c>), then adjusted
/// by the delegate given to <see cref="PooledMixInHostBuilderExtensions.UsePooledMixIn"/>.
/// </summary>
/// <remarks>Every process reads the same configuration, so the server process and its workers agree on the pool's shape.</remarks>
public sealed class PooledMixInHostOptions
{
    /// <summary>The name of the configuration section the options are bound from.</summary>
    public const string SectionName = "PooledMixIn";

    /// <summary>The address to listen on. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port to listen on; 0 lets the kernel choose. Default 8888, the demo's.</summary>
    public int Port { get; set; } = 8888;

    /// <summary>Worker processes: the seed's <c>_process_n</c>. Default one per core, at least 2.</summary>
    public int ProcessCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Threads per worker: the seed's <c>_thread_n</c>. Default 64, <see cref="PooledProcessMixIn.DefaultThreadCount"/>.</summary>
    public int ThreadCount { get; set; } = 64;

    /// <summary>How the pool's threads take turns to accept. Default <see cref="AcceptStrategy.EpollExclusive"/>, as <see cref="PooledProcessMixIn.Strategy"/>.</summary>
#pragma warning disable CA1416 // plain data, bound from configuration on any OS; only the Linux-only server reads it
    public AcceptStrategy Strategy { get; set; } = AcceptStrategy.EpollExclusive;
#pragma warning restore CA1416

    /// <summary>How long a worker may take to start (its host included) before the server gives up. Default 30 s.</summary>
    public TimeSpan WorkerStartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long stopping waits for requests in flight before workers are killed. <see langword="null"/> (the default)
    /// uses the host's <see cref="Microsoft.Extensions.Hosting.HostOptions.ShutdownTimeout"/>.
    /// </summary>
    public TimeSpan? GracefulStopTimeout { get; set; }

    /// <summary>
    /// Variables set in every worker's environment over the server's (see
    /// <see cref="Preforking.PreforkingMixIn.WorkerEnvironment"/>), after the pool's own default, a 4 MiB gen0 budget
    /// (<c>DOTNET_GCgen0size=400000</c>), which an entry of the same name here replaces: for instance
    /// <c>--PooledMixIn:WorkerEnvironment:DOTNET_TieredPGO=0</c>. Empty by default.
    /// </summary>
    public Dictionary<string, string> WorkerEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the server process writes its pid (see <see cref="Preforking.PreforkingMixIn.PidFile"/>); none by default.</summary>
    public string? PidFile { get; set; }

    /// <summary>
    /// Whether the workers' hosts run the application's other hosted services too. Default <see langword="false"/>:
    /// a worker is the program started again, so without this rule every background service would run once per
    /// process. Set it when each worker needs its own (a per-process cache refresher, say).
    /// </summary>
    public bool RunHostedServicesInWorkers { get; set; }
}
