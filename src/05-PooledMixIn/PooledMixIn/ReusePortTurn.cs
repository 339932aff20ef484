using System.Diagnostics.CodeAnalysis;
using PooledMixIn.Sockets;

namespace PooledMixIn;

/// <summary>
/// <see cref="AcceptStrategy.ReusePort"/>: the worker's own listening socket, which no other process polls; inside the
/// worker, one idle thread at a time polls it and accepts (layer 2's turn, scoreboard rows kept).
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Disposed through PoolTurn.Dispose, by the worker's pool as it closes.")]
internal sealed class ReusePortTurn(PoolState state, int worker) : PoolTurn(state, worker)
{
    private readonly SemaphoreSlim _leader = new(1, 1);

    protected override bool WaitForTurn(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_leader.Wait(timeout, cancellationToken))
        {
            return false;
        }

        if (server.WaitForRequest(timeout))
        {
            Mark(thread, ThreadActivity.Accepting);
            return true;
        }

        _leader.Release(); // nothing came: another thread may poll, so that a stop is noticed everywhere
        return false;
    }

    public override void Release(int thread) => _leader.Release();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _leader.Dispose();
        }

        base.Dispose(disposing);
    }
}
