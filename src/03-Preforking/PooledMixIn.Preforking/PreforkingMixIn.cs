using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PooledMixIn.Sockets;

namespace PooledMixIn.Preforking;

/// <summary>
/// A pool of worker processes started up front, all accepting from one listening socket they share with the
/// server process: Stevens' <em>preforked server, no locking</em> (UNP §30.6), the model of Apache's prefork MPM.
/// </summary>
/// <remarks>
/// <para>
/// The server process binds the socket, starts <see cref="ProcessCount"/> workers (on the first turn of
/// <see cref="SocketServer.ServeForever"/>, or at <see cref="StartPool"/>) and from then on only supervises: a
/// worker that dies is replaced, after a back-off if it keeps dying young. Each worker is this program started
/// again (see <see cref="WorkerProcess"/>): it inherits the listening socket's descriptor, and its own
/// <c>ServeForever</c> polls the socket and accepts, serving connections with <see cref="WorkerMixIn"/> (serially
/// by default, or with threads). The kernel picks which polling worker gets each connection; the ones that lose
/// the race find nothing to accept and poll again — the thundering herd this design is known for.
/// </para>
/// <para>
/// <see cref="SocketServer.Shutdown"/> in the server process stops the pool gracefully: SIGTERM to every worker,
/// which finishes the requests it has, then SIGKILL for those still running after
/// <see cref="GracefulStopTimeout"/>. A handler calling <c>Shutdown</c> in a worker asks the server process to do
/// that, over the worker's control channel (a pipe apart from its output, which is forwarded as is). Workers exit on their own when the server process dies (PR_SET_PDEATHSIG). If systemd started the
/// program with socket activation, or an upgrade (SIGUSR2) started it, the server adopts the socket it was given
/// instead of binding. A graceful stop answers the connections still queued once the workers have stopped, rather than
/// letting the socket's close reset them (see <see cref="RefuseQueuedConnection"/>).
/// </para>
/// <para>Linux only; elsewhere the server's constructor throws <see cref="PlatformNotSupportedException"/>.</para>
/// </remarks>
public partial class PreforkingMixIn : ServerMixIn
{
    private readonly Lock _poolLock = new();
    private readonly object _stopSignal = new();
    private bool _stopRequested;
    private WorkerSide? _worker;
    private ServerMixIn? _inner;
    private WorkerSupervisor? _supervisor;
    private ServerSignals? _signals;
    private volatile bool _quickStop;
    private int _serverOrdinal = -1;
    private bool _poolStopped;
    private ServerPidFile? _pidFile;
    private Process? _successor;

    /// <summary>
    /// The logging category of the supervisor of worker processes: workers started, exited, replaced, retired;
    /// reloads and signals. Its logger comes from the server's <see cref="SocketServer.LoggerFactory"/>.
    /// </summary>
    public const string SupervisorLogCategory = "PooledMixIn.Supervisor";

    /// <summary>How many worker processes to run. Defaults to the number of processors.</summary>
    public int ProcessCount { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Creates the mix-in each worker serves its connections with; <see langword="null"/> serves them serially.
    /// Called once in each worker process.
    /// </summary>
    public Func<ServerMixIn>? WorkerMixIn { get; init; }

    /// <summary>How long stopping waits for workers to finish their requests before killing them. Default 10 s.</summary>
    public TimeSpan GracefulStopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a worker may take to start before the pool gives up on it. Default 30 s.</summary>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether to adopt a socket passed by systemd socket activation instead of binding. Default true.</summary>
    public bool UseSystemdSocketActivation { get; init; } = true;

    /// <summary>
    /// Whether the server process acts on the operator's signals once the pool runs, as gunicorn's arbiter and
    /// nginx's master do: SIGTERM stops gracefully (requests in flight finish within <see cref="GracefulStopTimeout"/>),
    /// SIGINT and SIGQUIT stop quickly (workers are killed), SIGHUP reloads (see <see cref="Reload"/>), SIGTTIN and
    /// SIGTTOU add and remove one worker (see <see cref="AddWorker"/> and <see cref="RemoveWorker"/>), SIGUSR2 upgrades
    /// (see <see cref="Upgrade"/>). Default true; set it to false when the application handles these signals itself
    /// (the generic host does). Workers never act on these signals alone: they ignore SIGINT, SIGQUIT, SIGHUP and
    /// SIGUSR2, and stop on SIGTERM only.
    /// </summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>
    /// How the server process forwards its workers' standard output and error: <see cref="WorkerOutput.AsWritten"/>
    /// (the default, which keeps JSON logs valid) or <see cref="WorkerOutput.Prefixed"/>.
    /// </summary>
    public WorkerOutput WorkerOutput { get; init; } = WorkerOutput.AsWritten;

    /// <summary>
    /// Where the server process writes its pid once the pool serves, and removes it when it stops; <see langword="null"/>
    /// (the default) writes none. During an upgrade (see <see cref="Upgrade"/>) the old server's file is
    /// <c>PidFile.oldbin</c>, as nginx names it, and the new server writes <c>PidFile</c> once it serves.
    /// </summary>
    public string? PidFile { get; init; }

    /// <summary>
    /// Environment variables set in every worker process over the environment the server process passes on, as
    /// gunicorn's <c>--env</c>: settings meant for the workers only, such as a runtime setting (each worker is a whole
    /// .NET runtime), or anything the application reads. A <see langword="null"/> value removes the variable from the
    /// workers' environment. Read once, when the pool starts; workers started later (replacements, reloads, growth)
    /// get the same.
    /// </summary>
    public IDictionary<string, string?> WorkerEnvironment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>This process's role in the server.</summary>
    public WorkerRole Role => _worker is null ? WorkerRole.Parent : WorkerRole.PreforkedWorker;

    /// <summary>In the server process: the pids of the live workers.</summary>
    public IReadOnlyList<int> WorkerProcessIds => _supervisor?.ProcessIds ?? [];

    /// <summary>In the server process: how many worker processes were started, replacements included.</summary>
    public int WorkersStarted => _supervisor?.WorkersStarted ?? 0;

    /// <summary>In the server process: how many workers exited without being asked to.</summary>
    public int UnexpectedExits => _supervisor?.UnexpectedExits ?? 0;

    /// <summary>In the server process: how many workers were retired on purpose (replaced, or shrunk away).</summary>
    public int WorkersRetired => _supervisor?.Retired ?? 0;

    /// <summary>
    /// Starts the worker processes now rather than on the first turn of <c>ServeForever</c> (Python's
    /// <c>_init_pool</c>). Returns once every worker is ready to serve. Does nothing in a worker or if already started.
    /// </summary>
    /// <exception cref="WorkerStartException">A worker exited or hung before it was ready; none is left running.</exception>
    public void StartPool()
    {
        // Called on every turn of the server process's loop (once per connection with the hand-off): the common
        // case, a running pool, must not take the lock.
        if (_worker is not null || Volatile.Read(ref _supervisor) is not null)
        {
            return;
        }

        lock (_poolLock)
        {
            if (_supervisor is not null || _poolStopped)
            {
                return;
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(ProcessCount, 1, nameof(ProcessCount));
            var workerEnvironment = WorkerSpawner.ValidatedEnvironment(WorkerEnvironment, nameof(WorkerEnvironment));
            var supervisor = new WorkerSupervisor(
                ProcessCount, WorkerSlotCapacity, Server.Socket, CreateInheritedHandles(), _serverOrdinal, SupervisorLogger, OnWorkerRequestedShutdown, OnWorkerExited)
            {
                PrefixWorkerOutput = WorkerOutput == WorkerOutput.Prefixed,
                WorkerEnvironment = workerEnvironment,
            };
            // The operator's signals are handled before the first worker starts: a worker may serve as soon as it is
            // ready (every strategy but the hand-off accepts without the server process), so a SIGTERM while the
            // others still start must stop the pool gracefully, not kill the server process with the runtime's default.
            _signals = HandleSignals ? new ServerSignals(StopOnSignal, () => Reload(), ResizeOnSignal, () => Upgrade()) : null;
            try
            {
                supervisor.Start(WorkerStartTimeout);
            }
            catch
            {
                _signals?.Dispose();
                _signals = null;
                supervisor.Stop(TimeSpan.Zero);
                supervisor.Dispose();
                throw;
            }

            Volatile.Write(ref _supervisor, supervisor);
            if (HandleSignals && ServerSignals.IgnoredAtStart() is { Count: > 0 } ignored)
            {
                Log.SignalsIgnoredAtStart(SupervisorLogger, string.Join(", ", ignored));
            }

            _pidFile = PidFile is null ? null : new ServerPidFile(PidFile);
            _pidFile?.Write();
            SystemdNotify.Ready();
        }
    }

    #region graceful-reload-entry
    /// <summary>
    /// In the server process: replaces every worker with a new one, gracefully and one at a time, so that the others
    /// keep serving and no connection is refused or reset (SIGHUP does this). New workers run the program afresh, so
    /// they read the configuration again. Returns once every new worker is ready; tells systemd <c>RELOADING=1</c>,
    /// then <c>READY=1</c>. Does nothing before the pool starts or in a worker.
    /// </summary>
    /// <returns>Whether every worker was replaced; <see langword="false"/> if the pool does not run or a new worker
    /// failed to start (it is then restarted as after a crash, and the old workers not yet replaced keep serving).</returns>
    public bool Reload()
    {
        var supervisor = Volatile.Read(ref _supervisor);
        if (_worker is not null || supervisor is null)
        {
            return false;
        }

        SystemdNotify.Reloading();
        Log.Reloading(SupervisorLogger);
        var reloaded = supervisor.Reload(GracefulStopTimeout, WorkerStartTimeout);
        if (reloaded)
        {
            Log.Reloaded(SupervisorLogger);
        }

        SystemdNotify.Ready();
        return reloaded;
    }
    #endregion

    /// <summary>
    /// In the server process: starts one more worker (SIGTTIN does this) in a free slot. The pool never grows beyond
    /// <see cref="WorkerSlotCapacity"/>: its slots (and, in layer 5, its shared scoreboard) are sized when it starts.
    /// </summary>
    /// <returns>Whether a worker was started.</returns>
    public bool AddWorker() => _worker is null && Volatile.Read(ref _supervisor) is { } supervisor && supervisor.AddWorker();

    /// <summary>
    /// In the server process: retires one worker gracefully, the one in the last serving slot, and leaves its slot
    /// empty (SIGTTOU does this). The last serving worker is never removed.
    /// </summary>
    /// <returns>Whether a worker was stopped.</returns>
    public bool RemoveWorker() =>
        _worker is null && Volatile.Read(ref _supervisor) is { } supervisor && supervisor.RemoveWorker(GracefulStopTimeout);

    #region prefork-extension-points
    /// <summary>In a worker: whether this process is a worker rather than the server process.</summary>
    protected bool IsWorker => _worker is not null;

    /// <summary>In a worker: this worker's slot in the pool (0-based); -1 in the server process.</summary>
    protected int WorkerSlot => _worker?.Marker.Index ?? -1;

    /// <summary>
    /// In a worker: the descriptors inherited besides the listening socket, in the order
    /// <see cref="CreateInheritedHandles"/> listed them in the server process.
    /// </summary>
    protected IReadOnlyList<int> InheritedDescriptors => _worker?.Marker.ExtraFds ?? [];

    /// <summary>
    /// In the server process: creates the further handles every worker inherits (for example a shared memory
    /// region). Called once, when the pool starts, before any worker. The base has none.
    /// </summary>
    /// <returns>The handles, which the mix-in owns and keeps open while the pool runs.</returns>
    protected virtual IReadOnlyList<SafeHandle> CreateInheritedHandles() => [];

    /// <summary>
    /// In the server process, on the supervisor thread: the worker in <paramref name="slot"/> has exited, by any
    /// means (asked to stop, crashed, killed), and no replacement has started yet. The place to clear what the
    /// worker left in shared state. The base does nothing.
    /// </summary>
    /// <param name="slot">The dead worker's slot, as <see cref="WorkerSlot"/> was in it.</param>
    protected virtual void OnWorkerExited(int slot)
    {
    }

    /// <summary>
    /// In the server process, once the pool runs: one turn of the server process's own loop. The base only waits,
    /// up to <paramref name="pollInterval"/>, for a request to stop: the workers accept by themselves.
    /// </summary>
    /// <param name="pollInterval">The longest wait of this turn.</param>
    protected virtual void ServeInParent(TimeSpan pollInterval) => WaitForStopRequest(pollInterval);

    /// <summary>
    /// In a worker: creates the mix-in this worker serves its connections with, once. The base uses
    /// <see cref="WorkerMixIn"/>, or serves serially.
    /// </summary>
    /// <returns>A mix-in not attached to any server yet.</returns>
    protected virtual ServerMixIn CreateWorkerMixIn() => WorkerMixIn?.Invoke() ?? new SerialMixIn();

    /// <summary>
    /// How many worker slots the pool has: room for <see cref="ProcessCount"/> workers, and as many replacements
    /// started before the workers they replace have stopped. A layer that grows the pool allows more.
    /// </summary>
    protected virtual int WorkerSlotCapacity => 2 * ProcessCount;

    /// <summary>In the server process: the slots of the workers that serve and are not being retired.</summary>
    protected IReadOnlyList<int> ServingWorkerSlots => _supervisor?.ServingSlots ?? [];

    /// <summary>
    /// In the server process: replaces the worker in <paramref name="slot"/> gracefully, its replacement started
    /// first; the old worker then stops taking connections and has <see cref="GracefulStopTimeout"/> to finish its own.
    /// </summary>
    /// <param name="slot">The worker's slot.</param>
    /// <returns>Whether a replacement was started.</returns>
    protected bool ReplaceWorkerGracefully(int slot) => _supervisor?.ReplaceGracefully(slot, GracefulStopTimeout) ?? false;

    /// <summary>In the server process: retires the worker in <paramref name="slot"/> gracefully, with no replacement.</summary>
    /// <param name="slot">The worker's slot.</param>
    /// <returns>Whether a worker was retired.</returns>
    protected bool RetireWorker(int slot) => _supervisor?.RetireWorker(slot, GracefulStopTimeout) ?? false;

    /// <summary>In the server process: called when the pool is about to be stopped, before any worker is signalled.</summary>
    protected virtual void OnPoolStopping()
    {
    }
    #endregion

    /// <inheritdoc />
    protected override Socket? ProvideListeningSocket(EndPoint requestedEndPoint)
    {
        LinuxOnly.ThrowIfNotLinux();
        _serverOrdinal = ServerOrdinals.Next();
        _worker = WorkerSide.ForServer(WorkerRole.PreforkedWorker, _serverOrdinal);
        if (_worker is not null)
        {
            return _worker.AdoptListeningSocket();
        }

        var inherited = ServerUpgrade.TryAdoptListeningSocket(_serverOrdinal)
            ?? (UseSystemdSocketActivation ? SystemdSocketActivation.TryAdoptListeningSocket() : null);
        if (inherited is not null)
        {
            // A socket that outlives a server (systemd holds it across restarts) may still carry the drop-all filter
            // that server's drain attached: a new server that kept it would never complete a handshake.
            ListenerDrain.LetNewConnectionsIn(inherited);
        }

        return inherited;
    }

    #region prefork-serve-once
    /// <inheritdoc />
    protected override void ServeOnce(TimeSpan pollInterval)
    {
        if (_worker is null)
        {
            // The server process never accepts: it starts the pool, then only waits to be stopped.
            StartPool();
            ServeInParent(pollInterval);
            return;
        }

        if (_inner is null)
        {
            _inner = CreateWorkerMixIn();
            AttachInner(_inner);
            _worker.HandleSignals(Server);
            _worker.ReportReady();
        }

        if (!_worker.ParentWasAlive)
        {
            Server.Shutdown();
            return;
        }

        ForwardServeOnce(_inner, pollInterval);
    }
    #endregion

    /// <inheritdoc />
    protected override void ProcessRequest(Socket request, EndPoint clientAddress)
    {
        if (_inner is null)
        {
            // Only HandleRequest called in the server process gets here: serve that one connection in place.
            _inner = new SerialMixIn();
            AttachInner(_inner);
        }

        ForwardProcessRequest(_inner, request, clientAddress);
    }

    /// <inheritdoc />
    protected override void ServiceActions()
    {
        if (_worker is null || _inner is null)
        {
            return;
        }

        ForwardServiceActions(_inner);
        if (!_worker.IsParentAlive)
        {
            // PR_SET_PDEATHSIG normally does this; this check is the safety net.
            Server.Shutdown();
        }
    }

    /// <inheritdoc />
    protected override void OnShutdownRequested()
    {
        if (_worker is not null)
        {
            _worker.ForwardShutdownRequest();
            return;
        }

        StopPool();
        lock (_stopSignal)
        {
            _stopRequested = true;
            Monitor.PulseAll(_stopSignal);
        }
    }

    /// <inheritdoc />
    protected override void ServerClose()
    {
        if (_worker is not null)
        {
            if (_inner is not null)
            {
                ForwardServerClose(_inner);
            }

            _worker.Dispose();
            return;
        }

        StopPool();
        _signals?.Dispose();
        _pidFile?.Delete();
        _successor?.Dispose(); // the handle only: a new server started by an upgrade outlives this one
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the server to be asked to stop.</summary>
    /// <param name="timeout">The longest wait.</param>
    protected void WaitForStopRequest(TimeSpan timeout)
    {
        lock (_stopSignal)
        {
            if (!_stopRequested)
            {
                Monitor.Wait(_stopSignal, timeout);
            }
        }
    }

    /// <summary>The supervisor's logger; made when used, since the application may set the factory after creating the server.</summary>
    private ILogger SupervisorLogger => Server.LoggerFactory.CreateLogger(SupervisorLogCategory);

    private void StopOnSignal(bool quickly)
    {
        Log.StopSignalled(SupervisorLogger, quickly ? "quickly" : "gracefully");
        _quickStop |= quickly;
        Server.Shutdown();
    }

    private void ResizeOnSignal(int change) => _ = change > 0 ? AddWorker() : RemoveWorker();

    private void OnWorkerRequestedShutdown()
    {
        Log.ShutdownRequestedByWorker(SupervisorLogger);
        ThreadPool.QueueUserWorkItem(_ => Server.Shutdown());
    }
}
