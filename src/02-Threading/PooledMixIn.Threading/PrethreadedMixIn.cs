using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;

namespace PooledMixIn.Threading;

/// <summary>
/// Serves connections on a fixed pool of threads created once: Stevens' <em>prethreaded server</em>, the in-process
/// half of the seed's pool. The serve loop accepts a connection only when a pool thread is idle, and hands it over.
/// </summary>
/// <remarks>
/// <para>Compose it with any server: <c>new HttpServer(endPoint, handlerFactory, new PrethreadedMixIn { ThreadCount = 8 })</c>.</para>
/// <para>
/// <b>Why the serve loop accepts and hands over (Stevens' main thread accept, UNP 3e §30.12), rather than each pool
/// thread accepting in its turn (§30.11, <see cref="TurnTakingMixIn"/>).</b> Inside one process a connection is a
/// <see cref="Socket"/> object that costs nothing to pass to another thread, so hand-off keeps the layer-1 template whole: <see cref="SocketServer.ServeForever"/> still
/// polls, <see cref="SocketServer.GetRequest"/> still accepts without blocking and <see cref="SocketServer.VerifyRequest"/>
/// still runs, on one thread, and a shutdown is noticed where it always was. With accept in turns, the serve
/// loop has nothing to do, every pool thread needs its own poll-and-recheck for shutdown, and the turn's
/// holder polls on behalf of all the others. The price of hand-off is one thread wake-up per connection, which
/// the seed pays too (its parent releases a semaphore that an idle worker takes). What hand-off cannot do is cross
/// a process boundary: there the seed lets the woken worker call <c>accept</c> itself, which is what layer 5 does,
/// with <see cref="TurnTakingMixIn"/>.
/// </para>
/// <para>
/// The pool starts on first use (the first turn of the serve loop, or the first connection) or explicitly with
/// <see cref="Start"/>. Its threads are named <c>prethreaded-0</c> to <c>prethreaded-(N-1)</c>. Closing the server
/// completes the hand-off queue: idle threads wake and end at once, busy ones finish their request first, and
/// with <see cref="ThreadedMixIn.BlockOnClose"/> the close waits for them (within
/// <see cref="ThreadedMixIn.CloseTimeout"/>).
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "Daemon pool threads may still leave the hand-off queue after close; it holds no wait handle to free.")]
public class PrethreadedMixIn : ThreadedMixIn
{
    /// <summary>The default pool size: the seed's <c>_thread_n</c>.</summary>
    public const int DefaultThreadCount = 64;

    // Never holds more than ThreadCount connections: each one was given a slot under the bound before it was added.
    private readonly BlockingCollection<(Socket Request, EndPoint ClientAddress)> _handOff = new();
    private readonly PoolThreadSet _pool = new();
    private readonly int _threadCount = DefaultThreadCount;

    /// <summary>
    /// How many pool threads serve connections; also the bound on requests in flight. When all are busy the serve
    /// loop waits for one to be free before it accepts another connection. Default <see cref="DefaultThreadCount"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int ThreadCount
    {
        get => _threadCount;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(value));
            _threadCount = value;
        }
    }

    /// <summary>Whether the pool threads have been started.</summary>
    public bool IsStarted => _pool.IsStarted;

    /// <inheritdoc />
    protected override int? MaxInFlight => ThreadCount;

    /// <summary>The pool's threads, once started; for tests that account for them.</summary>
    internal IReadOnlyList<Thread> Threads => _pool.Threads;

    /// <summary>Starts the pool threads if they are not running yet. Safe to call more than once, from any thread.</summary>
    /// <exception cref="InvalidOperationException">The server has been closed.</exception>
    public void Start() => _pool.Start(ThreadCount, "prethreaded-", DaemonThreads, _ => WorkerLoop());

    /// <summary>Starts the pool on the first turn of the serve loop, then runs the turn under the bound.</summary>
    /// <param name="pollInterval">The longest wait of this turn.</param>
    protected override void ServeOnce(TimeSpan pollInterval)
    {
        Start();
        base.ServeOnce(pollInterval);
    }

    /// <summary>Hands the connection to an idle pool thread.</summary>
    /// <param name="request">The accepted connection; the pool thread closes it.</param>
    /// <param name="clientAddress">The peer's address.</param>
    protected override void ProcessRequest(Socket request, EndPoint clientAddress)
    {
        Start();
        BeginRequest(); // the loop reserved an idle thread; through HandleRequest this waits for one
        try
        {
            _handOff.Add((request, clientAddress));
        }
        catch (InvalidOperationException)
        {
            AbandonRequest(); // Closed meanwhile: the server reports it and closes the connection.
            throw;
        }
    }

    #region prethreaded-worker-loop
    private void WorkerLoop()
    {
        // Blocks while idle; ends when the server closes (CompleteAdding) and the queue is empty, so a connection
        // handed over just before the close is still served.
        foreach (var (request, clientAddress) in _handOff.GetConsumingEnumerable())
        {
            RunRequest(request, clientAddress);
        }
    }
    #endregion

    /// <summary>
    /// Wakes the pool threads to end and, with <see cref="ThreadedMixIn.BlockOnClose"/> (non-daemon threads), waits
    /// for the requests in flight within <see cref="ThreadedMixIn.CloseTimeout"/>.
    /// </summary>
    protected override void ServerClose()
    {
        #region prethreaded-server-close
        _pool.Close(_handOff.CompleteAdding); // idle threads wake now; a Start after this throws

        if (JoinsOnClose)
        {
            JoinAll(Threads);
        }
        #endregion
        base.ServerClose();
    }
}
