using System.Diagnostics.CodeAnalysis;
using PooledMixIn.Sockets;

namespace PooledMixIn.Threading;

/// <summary>
/// The turn inside one process: a <see cref="SemaphoreSlim"/> of one around poll and accept, so one thread at a time
/// waits on the listening socket and the others wait for the lock (Stevens' mutex around <c>accept</c>, UNP 3e §30.11).
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim holds a kernel handle only once AvailableWaitHandle is read, which this never does.")]
public sealed class SemaphoreTurn : AcceptTurn
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <inheritdoc />
    public override bool Take(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!_turn.Wait(timeout, cancellationToken))
        {
            return false;
        }

        if (server.WaitForRequest(timeout))
        {
            return true;
        }

        _turn.Release(); // nothing arrived: let another thread hold the poll, so a stop is noticed everywhere
        return false;
    }

    /// <inheritdoc />
    public override void Release(int thread) => _turn.Release();
}
