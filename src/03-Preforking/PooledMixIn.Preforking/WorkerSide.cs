using System.Net.Sockets;
using System.Runtime.InteropServices;
using PooledMixIn.Sockets;

namespace PooledMixIn.Preforking;

/// <summary>
/// What every worker process does the same way, whichever mix-in started it: adopt the inherited listening socket,
/// follow the parent's life, stop gracefully on SIGTERM, leave Ctrl+C to the parent, and pass a handler's
/// shutdown request up to the parent.
/// </summary>
internal sealed class WorkerSide : IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly ControlSender _control;
    private volatile bool _stopIsNotTheServers;

    private WorkerSide(WorkerMarker marker)
    {
        Marker = marker;
        ParentWasAlive = InheritedSockets.FollowParent(marker.ParentProcessId);
        _control = new ControlSender(marker.ControlFd);
    }

    public WorkerMarker Marker { get; }

    /// <summary>Whether the parent was still alive once PR_SET_PDEATHSIG was in force.</summary>
    public bool ParentWasAlive { get; }

    public bool IsParentAlive => Interop.Libc.GetParentProcessId() == Marker.ParentProcessId;

    /// <summary>Returns this process's worker side if it is a worker of the server numbered <paramref name="serverOrdinal"/>.</summary>
    /// <exception cref="InvalidOperationException">This is a worker, but of another server or kind.</exception>
    public static WorkerSide? ForServer(WorkerRole role, int serverOrdinal)
    {
        var marker = WorkerProcess.Marker;
        if (marker is null)
        {
            return null;
        }

        if (marker.Role != role || marker.ServerOrdinal != serverOrdinal)
        {
            throw new InvalidOperationException(
                $"This process is a {marker.Role} of process-based server #{marker.ServerOrdinal}, but is creating " +
                $"server #{serverOrdinal} as a {role}. A worker re-runs the program: create the same servers, in the " +
                $"same order, in every process — or create the others only when {nameof(WorkerProcess)}.{nameof(WorkerProcess.IsWorker)} is false.");
        }

        return new WorkerSide(marker);
    }

    public Socket AdoptListeningSocket() => InheritedSockets.AdoptListening(Marker.ListeningFd);

    #region worker-signals
    /// <summary>
    /// SIGTERM stops this worker gracefully. SIGINT and SIGQUIT (a terminal sends them to the whole process group),
    /// SIGHUP and SIGUSR2 (whose default action would kill the worker) are the server process's to act on: a worker never acts on an operator's signal alone.
    /// </summary>
    public void HandleSignals(SocketServer server)
    {
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _stopIsNotTheServers = true;
            ThreadPool.QueueUserWorkItem(_ => server.Shutdown());
        }));
        foreach (var signal in (ReadOnlySpan<PosixSignal>)[PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP, (PosixSignal)12 /* SIGUSR2 */])
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context => context.Cancel = true));
        }
    }
    #endregion

    /// <summary>
    /// This worker is ending on its own (a forked child after its one connection): its <c>Shutdown</c> stops this
    /// process only and must not be passed up as a request to stop the server.
    /// </summary>
    public void EndOnItsOwn() => _stopIsNotTheServers = true;

    /// <summary>Tells the parent this worker serves.</summary>
    public void ReportReady() => _control.Send(ControlMessage.Ready);

    /// <summary>A handler asked this worker's server to stop: the whole server must stop, so tell the parent.</summary>
    public void ForwardShutdownRequest()
    {
        if (!_stopIsNotTheServers)
        {
            _control.Send(ControlMessage.ShutdownRequested);
        }
    }

    public void Dispose()
    {
        _control.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }
}
