using PooledMixIn.Sockets;

namespace PooledMixIn;

/// <summary>
/// Stevens' "no locking" (<see cref="AcceptStrategy.SharedAccept"/>): there is no turn to wait for; every idle thread
/// polls the shared socket, and the kernel picks which one's accept succeeds.
/// </summary>
internal sealed class SharedAcceptTurn(PoolState state, int worker) : PoolTurn(state, worker)
{
    protected override bool WaitForTurn(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!server.WaitForRequest(timeout))
        {
            return false;
        }

        Mark(thread, ThreadActivity.Accepting);
        return true;
    }

    public override void Release(int thread)
    {
        // Nothing was held.
    }
}
