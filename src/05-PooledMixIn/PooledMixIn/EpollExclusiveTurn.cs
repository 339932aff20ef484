using System.Diagnostics.CodeAnalysis;
using PooledMixIn.Sockets;

namespace PooledMixIn;

/// <summary>
/// <see cref="AcceptStrategy.EpollExclusive"/>: inside a worker, one idle thread at a time waits on the worker's own
/// <see cref="ExclusiveListener"/>; across workers, the kernel's <c>EPOLLEXCLUSIVE</c> picks one worker with an idle
/// thread. Apache's worker MPM without its accept mutex, and with no round trip through the server process.
/// </summary>
/// <remarks>
/// The thread that wakes accepts and serves the connection itself, and its turn passes to the next idle thread of the
/// same worker: the leader/followers pattern of layer 2's <see cref="Threading.SemaphoreTurn"/>, which saves
/// Apache's in-process hand-off from a listener thread to a worker thread.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "Disposed through PoolTurn.Dispose, by the worker's pool as it closes.")]
internal sealed class EpollExclusiveTurn(PoolState state, int worker) : PoolTurn(state, worker)
{
    private readonly SemaphoreSlim _leader = new(1, 1); // one idle thread of this worker waits on the socket at a time
    private readonly bool[] _idle = new bool[state.ThreadsPerProcess]; // each entry read and written by its own thread
    private readonly object _gate = new();
    private ExclusiveListener? _listener;

    #region epoll-exclusive-turn
    protected override bool WaitForTurn(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var listener = ListenerOn(server);
        if (!_idle[thread])
        {
            _idle[thread] = true;
            listener.ThreadIdle(); // the worker is on the socket's wait queue from now on
        }

        if (!_leader.Wait(timeout, cancellationToken))
        {
            return false;
        }

        if (listener.WaitReadable(timeout))
        {
            Mark(thread, ThreadActivity.Accepting);
            return true;
        }

        _leader.Release(); // nothing came: another thread may lead, so that a stop is noticed everywhere
        return false;
    }

    public override void Release(int thread)
    {
        _leader.Release(); // the next idle thread of this worker waits on the socket while this one serves
        _idle[thread] = false;
        _listener!.ThreadBusy(); // the last idle thread takes the worker off the socket's wait queue
    }
    #endregion

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _listener?.Dispose();
            _leader.Dispose();
        }

        base.Dispose(disposing);
    }

    private ExclusiveListener ListenerOn(SocketServer server)
    {
        if (_listener is { } listener)
        {
            return listener;
        }

        lock (_gate)
        {
            return _listener ??= new ExclusiveListener(server.Socket);
        }
    }
}
