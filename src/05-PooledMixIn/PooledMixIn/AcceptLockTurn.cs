using PooledMixIn.Sockets;

namespace PooledMixIn;

/// <summary>
/// nginx's <c>accept_mutex</c> (<see cref="AcceptStrategy.AcceptLock"/>), a mutex in shared memory as in Stevens'
/// UNP 3e §30.8: a turn is the cross-process lock, held while the thread polls and accepts.
/// </summary>
internal sealed class AcceptLockTurn(PoolState state, int worker) : PoolTurn(state, worker)
{
    #region accept-lock-worker-turn
    protected override bool WaitForTurn(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!State.AcceptLock.Wait(timeout, cancellationToken))
        {
            RecoverLockOfDeadOwner();
            return false;
        }

        State.LockOwner.Write(Environment.ProcessId);
        Mark(thread, ThreadActivity.Accepting);
        if (server.WaitForRequest(timeout))
        {
            return true;
        }

        Release(thread);
        return false;
    }

    public override void Release(int thread)
    {
        State.LockOwner.Write(0);
        State.AcceptLock.Release();
    }

    /// <summary>A worker killed while holding the lock never releases it: whoever notices the owner is gone does.</summary>
    private void RecoverLockOfDeadOwner()
    {
        var owner = State.LockOwner.Read();
        if (owner != 0 && !ProcessTable.Exists(owner) && State.LockOwner.CompareExchange(0, owner) == owner)
        {
            State.ReleaseAcceptLockOfDeadOwner();
        }
    }
    #endregion
}
