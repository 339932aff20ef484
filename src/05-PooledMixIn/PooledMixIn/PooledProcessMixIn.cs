using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PooledMixIn.Ipc;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn;

/// <summary>
/// A pool of processes × threads made once at start-up, all serving one listening socket: the .NET port of Python's
/// <c>PooledProcessMixIn</c>, done right. Compose it with any server, as in the seed:
/// <code>
/// using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 8888), () => new MyHandler(),
///     new PooledProcessMixIn { ProcessCount = 7, ThreadCount = 64 });
/// server.ServeForever();
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// The server process binds the socket, creates the pool's shared state (a memfd region holding a semaphore, an
/// event, <c>keep_running</c>, counters and a scoreboard — see <see cref="Status"/>) and starts
/// <see cref="PreforkingMixIn.ProcessCount"/> workers, each running <see cref="ThreadCount"/> threads. Workers are this program
/// started again (.NET cannot fork): <b>code before the server is created runs in every worker</b>; see
/// <see cref="WorkerProcess"/>. The pool starts at <see cref="PreforkingMixIn.StartPool"/> or, at the latest, on
/// the first turn of <c>ServeForever</c>.
/// </para>
/// <para>
/// With <see cref="AcceptStrategy.Handoff"/>, each connection follows the seed's protocol: the server process sees
/// the socket readable, resets the event, releases one token and waits for the event; one idle thread in any worker
/// takes the token, accepts (without blocking), sets the event and serves. The default,
/// <see cref="AcceptStrategy.EpollExclusive"/>, keeps the seed's rule without the round trip through the server
/// process: a worker waits on the shared socket only while it has an idle thread, and the kernel wakes one such
/// worker per connection. It is the fastest strategy the benchmark measured that keeps every property of the seed's
/// design (Linux 4.5 or later). Either way a connection is accepted only when a thread is idle: when all are busy,
/// connections wait in the kernel's backlog. The other strategies are there to compare:
/// <see cref="AcceptStrategy.SharedAccept"/>, <see cref="AcceptStrategy.AcceptLock"/> and
/// <see cref="AcceptStrategy.ReusePort"/>.
/// </para>
/// <para>
/// Unlike the original: shutdown completes (threads are woken, requests in flight finish within
/// <see cref="PreforkingMixIn.GracefulStopTimeout"/>, workers exit, the region and the port are released); a worker
/// that dies holding the token cannot hang the server process (it waits at most <see cref="HandoffTimeout"/> and
/// counts a lost hand-off); accept never blocks on a connection that vanished; dead workers are replaced with
/// back-off; and a handler's exception never kills its thread.
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "A mix-in's end of life is its server's close: the monitor stops in OnPoolStopping, the metrics and the state in ServerClose.")]
public sealed class PooledProcessMixIn : PreforkingMixIn, IIdleConnectionParking
{
    /// <summary>
    /// The logging category of the pool: hand-offs lost, hung threads, workers recycled, the pool grown or shrunk.
    /// Its logger comes from the server's <see cref="SocketServer.LoggerFactory"/>.
    /// </summary>
    public const string PoolLogCategory = "PooledMixIn.Pool";

    /// <summary>The seed's default number of threads per process.</summary>
    public const int DefaultThreadCount = 64;

    private PoolState? _state;
    private PoolMonitor? _monitor;
    private PoolMetrics? _metrics;
    private volatile bool _stopping;
    private EventPoolThreads? _eventWorker;

    /// <summary>
    /// Creates a pool with the seed's defaults: one process per core (at least 2), 64 threads each. Its workers' GC
    /// budget for new objects (gen0) is 4 MiB: <c>DOTNET_GCgen0size=400000</c> in <see cref="PreforkingMixIn.WorkerEnvironment"/>,
    /// unless the server's own environment sets that variable, which the workers then inherit. The runtime sizes gen0
    /// by the processor's cache as if it had the machine to itself, and a pool pays that once per worker: in the
    /// tutorial's benchmark the smaller budget cut the pool's proportional memory under load by a quarter to a third,
    /// with throughput within the range of its rounds. Remove the entry, or set the variable for the service, to choose
    /// otherwise.
    /// </summary>
    public PooledProcessMixIn()
    {
        ProcessCount = Math.Max(2, Environment.ProcessorCount);
        WorkerRuntimeSettings.AddDefaults(WorkerEnvironment);
    }

    /// <summary>Threads per worker process: the seed's <c>_thread_n</c>. Default 64.</summary>
    public int ThreadCount { get; init; } = DefaultThreadCount;

    /// <summary>
    /// How pool threads take turns to accept. Default <see cref="AcceptStrategy.EpollExclusive"/>, chosen by
    /// measurement; <see cref="AcceptStrategy.Handoff"/> is the seed's.
    /// </summary>
    public AcceptStrategy Strategy { get; init; } = AcceptStrategy.EpollExclusive;

    /// <summary>
    /// How long the server process waits for a worker to acknowledge a hand-off before it concludes the worker died
    /// with the token and polls again. Default 2 s. While every thread is busy the token simply waits; that is not
    /// a lost hand-off.
    /// </summary>
    public TimeSpan HandoffTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a hand-off turn releases one token per connection waiting in the accept queue rather than exactly one,
    /// as the seed does (the default). Either way each connection wakes one thread. Batching saves the server process
    /// a round trip per connection in a burst, but wakes several threads at once; on two cores, with 100 clients,
    /// the project's benchmark measured it slower than the seed's one token per turn, so it is off by default.
    /// Applies to <see cref="AcceptStrategy.Handoff"/>.
    /// </summary>
    public bool BatchHandoffs { get; init; }

    /// <summary>
    /// The most workers the pool grows to (Apache's <c>MaxRequestWorkers</c> ÷ <c>ThreadsPerChild</c>). Above
    /// <see cref="PreforkingMixIn.ProcessCount"/>, the pool sizes itself between the two by its idle threads; see
    /// <see cref="MinSpareThreads"/>. Default 0: the pool keeps <see cref="PreforkingMixIn.ProcessCount"/> workers.
    /// </summary>
    public int MaxProcessCount { get; init; }

    /// <summary>
    /// Apache's <c>MinSpareThreads</c>: with fewer idle threads than this (in all workers), the pool adds a worker,
    /// up to <see cref="MaxProcessCount"/>. Default: a quarter of <see cref="ThreadCount"/>, at least 1.
    /// </summary>
    public int? MinSpareThreads { get; init; }

    /// <summary>
    /// Apache's <c>MaxSpareThreads</c>: with more idle threads than this, the pool retires a worker gracefully, down
    /// to <see cref="PreforkingMixIn.ProcessCount"/>. It must be at least <see cref="MinSpareThreads"/> plus
    /// <see cref="ThreadCount"/>, or retiring one worker would call for adding one back (Apache adjusts it the same
    /// way). Default: that sum.
    /// </summary>
    public int? MaxSpareThreads { get; init; }

    /// <summary>The least time between two changes of the pool's size. Default 1 s.</summary>
    public TimeSpan SizingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// gunicorn's <c>max_requests</c>: a worker that has served this many requests (each response on a kept-alive
    /// connection counts) is replaced (its replacement started first) and retired gracefully, a remedy against leaks.
    /// Default 0: never.
    /// </summary>
    public int MaxRequests { get; init; }

    /// <summary>gunicorn's <c>max_requests_jitter</c>: each worker's limit is <see cref="MaxRequests"/> plus a random 0 to this.</summary>
    public int MaxRequestsJitter { get; init; }

    /// <summary>
    /// A pool thread busy with one request for longer than this marks its worker for recycling: a replacement
    /// starts first, then the worker stops taking connections and its other threads have
    /// <see cref="PreforkingMixIn.GracefulStopTimeout"/> to finish theirs; the event is logged and counted in
    /// <see cref="Hangs"/>. Default <see langword="null"/>: never. (gunicorn's <c>timeout</c> acts on a silent
    /// worker; this acts on a single hung thread.) Only a request counts: a thread reading a head, or holding a
    /// kept-alive connection between requests, waits for its client, and each has a deadline of its own. In the
    /// thread-holding form a request begins when its handler calls <see cref="PoolThread.ReportPath"/>.
    /// </summary>
    public TimeSpan? HangTimeout { get; init; }

    /// <summary>In the server process: how many workers were recycled because one of their threads hung.</summary>
    public int Hangs => _monitor?.Hangs ?? 0;

    /// <summary>In the server process: how many workers were recycled after <see cref="MaxRequests"/>.</summary>
    public int WorkersRecycled => _monitor?.Recycled ?? 0;

    /// <inheritdoc />
    protected override int WorkerSlotCapacity => 2 * Math.Max(ProcessCount, MaxProcessCount);

    private int EffectiveMinSpareThreads => MinSpareThreads ?? Math.Max(1, ThreadCount / 4);

    private int EffectiveMaxSpareThreads => MaxSpareThreads ?? EffectiveMinSpareThreads + ThreadCount;

    /// <summary>
    /// What a pool thread is given: a connection to hold until it closes (<see cref="ConnectionMode.Thread"/>, the
    /// seed's form and the default), or only a request whose head has arrived (<see cref="ConnectionMode.Event"/>).
    /// The event form accepts with <see cref="AcceptStrategy.EpollExclusive"/>, <see cref="AcceptStrategy.Handoff"/> or
    /// <see cref="AcceptStrategy.SharedAccept"/>.
    /// </summary>
    public ConnectionMode Connections { get; init; } = ConnectionMode.Thread;

    /// <summary>
    /// In the event form, the head's deadline and largest size that the poller keeps for parked connections: past
    /// <see cref="HttpRequestLimits.RequestHeadTimeout"/> a connection that began a request gets 408, an idle one is
    /// closed. Give it the same limits as the handler. Default <see cref="HttpRequestLimits.Default"/> (20 s).
    /// </summary>
    public HttpRequestLimits ParkingLimits { get; init; } = HttpRequestLimits.Default;

    /// <summary>
    /// In the event form, the most connections one worker parks at once: nginx's <c>worker_connections</c> (default
    /// 512 there; 1024 here). Past it the oldest idle connection is closed to make room; a connection that has begun
    /// its head is never dropped for room, and when all are mid-head the worker stops accepting until one leaves.
    /// </summary>
    public int MaxParkedConnections { get; init; } = 1024;

    /// <summary>
    /// <c>TCP_DEFER_ACCEPT</c> on the listening socket, in whole seconds (nginx's <c>listen … deferred</c>, Apache's
    /// <c>AcceptFilter http data</c>): the kernel completes the handshake but queues a connection for accept only once
    /// its first data arrives, so a client that connects and never sends is never even accepted; after this long the
    /// kernel queues it anyway. <see langword="null"/> (the default) leaves the option off.
    /// </summary>
    public TimeSpan? DeferAcceptTimeout { get; init; }

    #region application-region
    /// <summary>
    /// Creates the application's own shared memory region (a counter, a cache: state every worker must see), in the
    /// server process, once, as the pool starts and before any worker. Every worker inherits the region's descriptor,
    /// as it inherits the pool's own, and maps it before it serves; <see cref="ApplicationRegion"/> is the region in
    /// each process. Build it with layer 4's <see cref="SharedMemoryRegion.Create"/>, and initialise
    /// in it what must be initialised once (a <see cref="SharedSemaphore"/>'s count). Default
    /// <see langword="null"/>: no region.
    /// </summary>
    public Func<SharedMemoryRegion>? CreateApplicationRegion { get; init; }

    /// <summary>
    /// The region <see cref="CreateApplicationRegion"/> made, mapped in this process: in the server process once the
    /// pool has started, in a worker before its first request. <see langword="null"/> before, or without a region.
    /// The pool unmaps it when the server closes.
    /// </summary>
    public SharedMemoryRegion? ApplicationRegion { get; private set; }
    #endregion

    /// <summary>The pool's shared counters and scoreboard, or <see langword="null"/> before the pool exists.</summary>
    public PoolStatus? Status
    {
        get
        {
            var state = _state;
            if (state is null)
            {
                return null;
            }

            ref var counters = ref state.Counters;
            return new PoolStatus(
                Volatile.Read(ref counters.Accepted), Volatile.Read(ref counters.Completed),
                Volatile.Read(ref counters.Failed), Volatile.Read(ref counters.LostHandoffs),
                state.Scoreboard.AsSpan().ToArray(), ThreadCount);
        }
    }

    /// <summary>In the server process, as the pool starts: creates the pool's shared state, which every worker inherits.</summary>
    /// <returns>The shared region's descriptor, then the application's region's, if it has one.</returns>
    protected override IReadOnlyList<SafeHandle> CreateInheritedHandles()
    {
        Validate();
        _state?.Dispose(); // left by a start that failed
        ApplicationRegion?.Dispose();
        _state = PoolState.Create(WorkerSlotCapacity, ThreadCount);
        ApplicationRegion = CreateApplicationRegion?.Invoke();
        ApplyDeferAccept();
        return ApplicationRegion is null ? [_state.Region.FileHandle] : [_state.Region.FileHandle, ApplicationRegion.FileHandle];
    }

    #region reuseport-sockets
    /// <summary>
    /// With <see cref="AcceptStrategy.ReusePort"/>: in the server process, a socket that holds the port without
    /// listening; in a worker, a listening socket of its own on that port (see <see cref="ReusePortSockets"/>).
    /// Otherwise, layer 3's one shared socket.
    /// </summary>
    protected override Socket? ProvideListeningSocket(EndPoint requestedEndPoint)
    {
        var provided = base.ProvideListeningSocket(requestedEndPoint);
        if (Strategy != AcceptStrategy.ReusePort)
        {
            return provided;
        }

        if (!ReusePortSockets.InWorker)
        {
            return provided is null
                ? ReusePortSockets.HoldPort(requestedEndPoint)
                : throw new NotSupportedException("ReusePort binds its own sockets; it cannot use a socket passed by systemd.");
        }

        if (provided is null)
        {
            return null; // a worker of another server in this process: not ours to replace
        }

        var own = ReusePortSockets.ListenOwn(provided, Server.RequestQueueSize);
        ApplyDeferAccept(own);
        return own;
    }
    #endregion

    /// <summary>In the server process: a worker exited by any means; its scoreboard rows must not say it still serves.</summary>
    /// <param name="slot">The dead worker's slot.</param>
    protected override void OnWorkerExited(int slot) => _state?.MarkWorkerDead(slot);

    #region pool-worker-mixin
    /// <summary>
    /// In a worker, once: maps the pool's shared state, inherited from the server process (a worker configured
    /// unlike it is refused here, before it reports ready), and serves with layer 2's turn-taking pool, given the
    /// turn of <see cref="Strategy"/>. Its threads are named <c>pool-&lt;worker&gt;.&lt;thread&gt;</c>.
    /// </summary>
    protected override ServerMixIn CreateWorkerMixIn()
    {
        Validate();
        _state = PoolState.OpenInherited(InheritedDescriptors[0], WorkerSlotCapacity, ThreadCount);
        ApplicationRegion = OpenApplicationRegion();
        if (Connections == ConnectionMode.Event)
        {
            return _eventWorker = new EventPoolThreads(
                _state, WorkerSlot, ThreadCount, Strategy, GracefulStopTimeout, ParkingLimits, MaxParkedConnections);
        }

        return new PoolWorkerThreads(_state, WorkerSlot, Strategy)
        {
            ThreadCount = ThreadCount,
            ThreadNamePrefix = $"pool-{WorkerSlot}.",
            CloseTimeout = GracefulStopTimeout, // requests in flight finish; the server process kills the worker after that anyway
        };
    }
    #endregion

    #region handoff-parent
    /// <summary>
    /// The seed's protocol, server side: when the socket is readable, reset the event, release the token(s) and wait
    /// for the acknowledgement of a thread that accepted.
    /// </summary>
    protected override void ServeInParent(TimeSpan pollInterval)
    {
        StartMonitor();
        if (Strategy != AcceptStrategy.Handoff)
        {
            base.ServeInParent(pollInterval); // the threads accept by themselves
            return;
        }

        var state = _state!;
        if (_stopping)
        {
            // Draining: the workers finish what they hold. Returning at once here would make ServeForever spin on a
            // core for the whole grace period.
            WaitForStopRequest(pollInterval);
            return;
        }

        if (!Server.WaitForRequest(pollInterval))
        {
            return;
        }

        state.Accepted.Reset();
        var tokens = TokensToRelease(state);
        if (tokens > 0)
        {
            state.Token.Release(tokens);
        }

        while (!state.Accepted.Wait(HandoffTimeout))
        {
            if (_stopping)
            {
                return;
            }

            if (state.Token.CurrentCount > 0)
            {
                continue; // every thread is busy and the token waits for the first one free: back-pressure
            }

            // The token was taken but never acknowledged: the thread's process died (or stalled). Count it, and
            // poll again: the connection, if still queued, gets a new token.
            Interlocked.Increment(ref state.Counters.LostHandoffs);
            state.Accepting.Write(0); // the dead thread's count would otherwise hold back a token for ever
            Log.HandoffLost(PoolLogger, HandoffTimeout);
            return;
        }
    }
    #endregion

    /// <summary>
    /// Between two requests of a kept-alive connection: the scoreboard counts the request just answered and shows the
    /// thread <see cref="ThreadActivity.KeepAlive"/>. In a worker of the event form, the worker's poller then takes
    /// the idle connection back; in the thread-holding form the pool declines, and the handler waits for the next
    /// request on its thread.
    /// </summary>
    /// <param name="connection">The idle connection.</param>
    /// <returns>Whether the poller took it.</returns>
    public bool TryTakeIdleConnection(Socket connection)
    {
        PoolThread.EndRequest();
        return _eventWorker?.TryTakeIdleConnection(connection) ?? false;
    }

    #region defer-accept
    /// <summary>
    /// Sets <c>TCP_DEFER_ACCEPT</c> once, in the server process: every worker shares the one listening socket, so
    /// the option holds for all of them. With <see cref="AcceptStrategy.ReusePort"/> each worker sets it on its own.
    /// </summary>
    private void ApplyDeferAccept() => ApplyDeferAccept(Server.Socket);

    private void ApplyDeferAccept(Socket listening)
    {
        if (DeferAcceptTimeout is { } timeout)
        {
            const int IpProtoTcp = 6, TcpDeferAccept = 9; // <netinet/tcp.h>
            var seconds = (int)Math.Ceiling(timeout.TotalSeconds);
            listening.SetRawSocketOption(IpProtoTcp, TcpDeferAccept, BitConverter.GetBytes(seconds));
        }
    }
    #endregion

    #region handoff-batch
    /// <summary>
    /// The seed releases one token per turn, so every connection costs a round trip between the server process and
    /// a worker. With <see cref="BatchHandoffs"/>, a turn releases one token per connection waiting in the kernel's
    /// accept queue that no thread is already on its way to accept — still one thread woken per connection, but
    /// one round trip per burst instead of per connection. Measured, it loses on two cores (see the property).
    /// </summary>
    private int TokensToRelease(PoolState state)
    {
        if (!BatchHandoffs)
        {
            return 1;
        }

        var queued = AcceptQueue.Length(Server.Socket);
        var onTheirWay = state.Token.CurrentCount + Math.Max(0, state.Accepting.Read());
        return Math.Max(queued - onTheirWay, 0);
    }
    #endregion

    /// <inheritdoc />
    protected override void OnPoolStopping()
    {
        _stopping = true;
        _monitor?.Dispose(); // before any worker is signalled: a stopping pool must not be resized or recycled
        _state?.KeepRunning.Write(0); // the seed's keep_running: every pool thread finishes its turn and stops
    }

    /// <inheritdoc />
    protected override void ServerClose()
    {
        base.ServerClose();
        _metrics?.Dispose();
        _state?.Dispose();
        ApplicationRegion?.Dispose();
    }

    /// <summary>In a worker: maps the application's region, which the server process made if this process would.</summary>
    private SharedMemoryRegion? OpenApplicationRegion()
    {
        var inherited = InheritedDescriptors.Count > 1;
        if (inherited != CreateApplicationRegion is not null)
        {
            throw new InvalidOperationException(
                $"The server process {(inherited ? "created" : "did not create")} an application region, and this worker " +
                $"{(inherited ? "does not" : "would")}: set {nameof(CreateApplicationRegion)} the same way in every process.");
        }

        return inherited ? SharedMemoryRegion.OpenInherited(InheritedDescriptors[1]) : null;
    }

    /// <summary>In the server process, on its first turn: the monitor that acts on the scoreboard, and the metrics.</summary>
    private void StartMonitor()
    {
        if (_monitor is not null || _stopping)
        {
            return;
        }

        var state = _state!;
        var control = new WorkerControl(() => ServingWorkerSlots, ReplaceWorkerGracefully, AddWorker, RetireWorker, () => UnexpectedExits);
        _metrics = new PoolMetrics(state, control.ServingSlots, control.Restarts, () => Hangs, () => WorkersRecycled);
        var policies = new PoolPolicies(
            ThreadCount, ProcessCount, Math.Max(ProcessCount, MaxProcessCount), EffectiveMinSpareThreads, EffectiveMaxSpareThreads,
            SizingInterval, MaxRequests, MaxRequestsJitter, HangTimeout);
        _monitor = new PoolMonitor(state, policies, control, PoolLogger, _metrics);
    }

    /// <summary>The pool's logger; made when used, since the application may set the factory after creating the server.</summary>
    private ILogger PoolLogger => Server.LoggerFactory.CreateLogger(PoolLogCategory);

    private void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ProcessCount, 1, nameof(ProcessCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(ThreadCount, 1, nameof(ThreadCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)ProcessCount * ThreadCount, 1_000_000, "ProcessCount x ThreadCount");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandoffTimeout, TimeSpan.Zero, nameof(HandoffTimeout));
        if (MaxProcessCount != 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(MaxProcessCount, ProcessCount, nameof(MaxProcessCount));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(EffectiveMinSpareThreads, 0, nameof(MinSpareThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(EffectiveMaxSpareThreads, EffectiveMinSpareThreads + ThreadCount, nameof(MaxSpareThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRequests, nameof(MaxRequests));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRequestsJitter, nameof(MaxRequestsJitter));
        if (HangTimeout is { } hangTimeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hangTimeout, TimeSpan.Zero, nameof(HangTimeout));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParkedConnections, 1, nameof(MaxParkedConnections));
        if (DeferAcceptTimeout is { } defer)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(defer, TimeSpan.FromSeconds(1), nameof(DeferAcceptTimeout));
        }

        if (Connections == ConnectionMode.Event && Strategy is not (AcceptStrategy.EpollExclusive or AcceptStrategy.Handoff or AcceptStrategy.SharedAccept))
        {
            throw new ArgumentException($"The event form accepts with EpollExclusive, Handoff or SharedAccept, not {Strategy}.", nameof(Strategy));
        }
    }
}
