using PooledMixIn.Sockets;

namespace PooledMixIn.Threading;

/// <summary>
/// Decides which thread of a <see cref="TurnTakingMixIn"/> accepts next. A thread waits for its turn, accepts
/// (Python's <c>_handle_request_noblock</c>) and ends the turn before it serves what it accepted, so the next thread
/// can accept meanwhile: Stevens' <em>prethreaded server, per-thread accept</em> (UNP 3e §30.11).
/// </summary>
/// <remarks>
/// <para>
/// The turn is the only thing in which such pools differ. Inside one process it is a lock around poll and accept
/// (<see cref="SemaphoreTurn"/>). Across processes, layer 5 keeps its turns in shared memory: the seed's token and
/// event, a lock like nginx's <c>accept_mutex</c>, or no turn at all, where every thread polls and the kernel picks
/// who wins.
/// </para>
/// <para>
/// Every call for a thread comes from that thread, and <see cref="Release"/> follows every <see cref="Take"/> that
/// returned <see langword="true"/>, exactly once.
/// </para>
/// </remarks>
public abstract class AcceptTurn
{
    /// <summary>
    /// Waits until the calling pool thread may accept: it holds the turn and the listening socket is worth trying.
    /// </summary>
    /// <param name="thread">The pool thread's index, 0 to <see cref="TurnTakingMixIn.ThreadCount"/> − 1.</param>
    /// <param name="server">The server whose listening socket the thread will accept from.</param>
    /// <param name="timeout">About the longest wait; the thread calls again after it, so that it notices a stop.</param>
    /// <param name="cancellationToken">Cancelled when the pool stops.</param>
    /// <returns>
    /// <see langword="true"/> if the thread holds the turn (end it with <see cref="Release"/>); <see langword="false"/> if
    /// it got none within <paramref name="timeout"/>.
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract bool Take(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the turn that <paramref name="thread"/> holds, once it has accepted a connection or found none, so that
    /// the next thread may accept while this one serves.
    /// </summary>
    /// <param name="thread">The pool thread's index, as passed to <see cref="Take"/>.</param>
    public abstract void Release(int thread);
}
