using PooledMixIn.Sockets;
using PooledMixIn.Threading;

namespace PooledMixIn;

/// <summary>
/// A turn that spans the pool's processes: it lives in the shared <see cref="PoolState"/> and keeps the scoreboard
/// row of each waiting thread true. One subclass per <see cref="AcceptStrategy"/>; one that holds a descriptor of its
/// own frees it in <see cref="Dispose(bool)"/>.
/// </summary>
internal abstract class PoolTurn(PoolState state, int worker) : AcceptTurn, IDisposable
{
    protected PoolState State { get; } = state;

    public static PoolTurn For(AcceptStrategy strategy, PoolState state, int worker) => strategy switch
    {
        AcceptStrategy.Handoff => new HandoffTurn(state, worker),
        AcceptStrategy.AcceptLock => new AcceptLockTurn(state, worker),
        AcceptStrategy.EpollExclusive => new EpollExclusiveTurn(state, worker),
        AcceptStrategy.ReusePort => new ReusePortTurn(state, worker),
        _ => new SharedAcceptTurn(state, worker),
    };

    public sealed override bool Take(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (State.KeepRunning.Read() == 0)
        {
            // The seed's keep_running: the pool is stopping; wait for this worker's own stop rather than spin.
            cancellationToken.WaitHandle.WaitOne(timeout);
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }

        Mark(thread, ThreadActivity.Waiting);
        return WaitForTurn(thread, server, timeout, cancellationToken);
    }

    /// <summary>Waits for the strategy's turn; marks the thread <see cref="ThreadActivity.Accepting"/> once it has it.</summary>
    protected abstract bool WaitForTurn(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken);

    protected void Mark(int thread, ThreadActivity activity) => State.Mark(worker, thread, activity);

    /// <summary>Frees what the turn holds in this worker, once its threads have stopped taking turns.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The turns in shared memory hold nothing of their own; the default does nothing.</summary>
    /// <param name="disposing">Whether <see cref="Dispose()"/> called it.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
