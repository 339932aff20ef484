using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;

namespace PooledMixIn.Threading;

/// <summary>
/// Serves connections on a fixed pool of threads created once, each taking a turn to accept and then serving what
/// it accepted: Stevens' <em>prethreaded server, per-thread accept</em> (UNP 3e §30.11). The serve loop only waits;
/// the pool threads run layer 1's template themselves.
/// </summary>
/// <remarks>
/// <para>
/// Compose it with any server: <c>new HttpServer(endPoint, handlerFactory, new TurnTakingMixIn { ThreadCount = 8 })</c>.
/// Who accepts next is decided by an <see cref="AcceptTurn"/>: a <see cref="SemaphoreTurn"/> by default; layer 5
/// passes turns that span processes, which is why this mix-in exists next to <see cref="PrethreadedMixIn"/>.
/// </para>
/// <para>
/// A thread that holds the turn calls <see cref="SocketServer.HandleRequestNoBlock"/>, so a connection follows the
/// template of every other mix-in: <c>GetRequest</c> → <c>VerifyRequest</c> → <c>ProcessRequest</c>, which ends the
/// turn (the next thread may accept now) and serves on the same thread: <c>FinishRequest</c> → <c>ShutdownRequest</c>.
/// </para>
/// <para>
/// The pool starts on the first turn of the serve loop or at <see cref="Start"/>. Its threads are named
/// <see cref="ThreadNamePrefix"/> followed by 0 to N − 1. Closing the server cancels the turns: idle threads end
/// at once, busy ones finish their request first, and with <see cref="ThreadedMixIn.BlockOnClose"/> the close waits
/// for them (within <see cref="ThreadedMixIn.CloseTimeout"/>).
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The stop source has no timer and no wait handle; threads that outlive the close timeout still read its token.")]
public class TurnTakingMixIn : ThreadedMixIn
{
    /// <summary>The default pool size: the seed's <c>_thread_n</c>.</summary>
    public const int DefaultThreadCount = 64;

    // How long a thread waits for its turn before it looks at the stop again.
    private static readonly TimeSpan s_turnWait = TimeSpan.FromMilliseconds(500);

    [ThreadStatic]
    private static PoolThread? t_poolThread;

    private readonly AcceptTurn _turn;
    private readonly CancellationTokenSource _stop = new();
    private readonly PoolThreadSet _pool = new();
    private readonly object _idle = new();
    private readonly int _threadCount = DefaultThreadCount;

    /// <summary>Creates a pool whose threads take turns with a <see cref="SemaphoreTurn"/>.</summary>
    public TurnTakingMixIn()
        : this(new SemaphoreTurn())
    {
    }

    /// <summary>Creates a pool whose threads take turns with <paramref name="turn"/>.</summary>
    /// <param name="turn">Decides which thread accepts next.</param>
    public TurnTakingMixIn(AcceptTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        _turn = turn;
    }

    /// <summary>How many pool threads serve connections. Default <see cref="DefaultThreadCount"/>.</summary>
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

    /// <summary>What the pool threads' names start with; the thread's index follows. Default <c>turn-taking-</c>.</summary>
    public string ThreadNamePrefix { get; init; } = "turn-taking-";

    /// <summary>Whether the pool threads have been started.</summary>
    public bool IsStarted => _pool.IsStarted;

    /// <summary>No bound besides the pool itself: a thread accepts only when it is idle.</summary>
    protected override int? MaxInFlight => null;

    /// <summary>The pool's threads, once started; for tests that account for them.</summary>
    internal IReadOnlyList<Thread> Threads => _pool.Threads;

    /// <summary>
    /// Starts the pool threads if they are not running yet. Safe to call more than once, from any thread, once the
    /// mix-in belongs to a server.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mix-in belongs to no server yet, or the server has been closed.</exception>
    public void Start()
    {
        _ = Server; // throws before any thread starts if there is no server to accept from
        _pool.Start(ThreadCount, ThreadNamePrefix, DaemonThreads, TakeTurns);
    }

    /// <summary>Starts the pool on the first turn of the serve loop; from then on the loop only waits.</summary>
    /// <param name="pollInterval">The longest wait of this turn.</param>
    protected override void ServeOnce(TimeSpan pollInterval)
    {
        Start();
        lock (_idle)
        {
            Monitor.Wait(_idle, pollInterval); // the pool threads accept; this thread only notices a shutdown
        }
    }

    #region turn-taking-thread
    private void TakeTurns(int index)
    {
        var self = t_poolThread = new PoolThread(this, index);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_turn.Take(self.Index, Server, s_turnWait, _stop.Token))
                {
                    self.HoldsTurn = true;
                    try
                    {
                        Server.HandleRequestNoBlock(); // accept, verify, then ProcessRequest below, on this thread
                    }
                    finally
                    {
                        EndTurn(self); // nothing was accepted, or VerifyRequest refused it: the turn still ends
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: the wait for a turn was cancelled.
        }
        finally
        {
            OnThreadStopped(self.Index);
        }
    }
    #endregion

    #region turn-taking-process-request
    /// <summary>
    /// Ends the calling thread's turn, so that the next thread may accept, and serves the connection on this thread:
    /// Python's <c>process_request</c>, then <c>finish_request</c> and <c>shutdown_request</c>.
    /// </summary>
    /// <param name="request">The accepted connection; this call closes it.</param>
    /// <param name="clientAddress">The peer's address.</param>
    protected override void ProcessRequest(Socket request, EndPoint clientAddress)
    {
        var self = t_poolThread is { } current && current.Pool == this ? current : null;
        var thread = -1;
        if (self is not null)
        {
            EndTurn(self);
            thread = self.Index;
        }

        BeginRequest();
        OnRequestAccepted(thread);
        OnRequestServed(thread, RunRequest(request, clientAddress));
    }
    #endregion

    /// <summary>
    /// Called on a pool thread as it stops taking turns, when the pool closes; for accounting, such as a status row
    /// that should no longer show the thread as serving. The default does nothing.
    /// </summary>
    /// <param name="thread">The thread's index in the pool.</param>
    protected virtual void OnThreadStopped(int thread)
    {
    }

    /// <summary>
    /// Called on the thread about to serve a connection, after its turn ended: a place to record that it is busy.
    /// The base does nothing.
    /// </summary>
    /// <param name="thread">The pool thread's index, or -1 when the connection came through
    /// <see cref="SocketServer.HandleRequest"/> on a thread outside the pool.</param>
    protected virtual void OnRequestAccepted(int thread)
    {
    }

    /// <summary>Called on the thread that served a connection, once it is closed. The base does nothing.</summary>
    /// <param name="thread">As for <see cref="OnRequestAccepted"/>.</param>
    /// <param name="succeeded">Whether the handler finished without an exception.</param>
    protected virtual void OnRequestServed(int thread, bool succeeded)
    {
    }

    /// <summary>
    /// Stops the turns (idle threads end now) and, with <see cref="ThreadedMixIn.BlockOnClose"/> (non-daemon threads),
    /// waits for the requests in flight within <see cref="ThreadedMixIn.CloseTimeout"/>; a thread still serving after
    /// it becomes a background thread, so that it no longer keeps the process alive.
    /// </summary>
    protected override void ServerClose()
    {
        _pool.Close(_stop.Cancel); // idle threads wake now; a Start after this throws

        lock (_idle)
        {
            Monitor.PulseAll(_idle);
        }

        if (JoinsOnClose)
        {
            JoinAll(Threads);
            foreach (var thread in Threads)
            {
                // A request that outlived CloseTimeout finishes only while the process runs: a pool made once must
                // not keep its process alive for ever (a worker whose parent is gone has nobody to kill it).
                MakeBackground(thread);
            }
        }

        base.ServerClose();
    }

    private static void MakeBackground(Thread thread)
    {
        try
        {
            if (thread.IsAlive)
            {
                thread.IsBackground = true;
            }
        }
        catch (ThreadStateException)
        {
            // It ended meanwhile: nothing to keep alive.
        }
    }

    private void EndTurn(PoolThread self)
    {
        if (self.HoldsTurn)
        {
            self.HoldsTurn = false;
            _turn.Release(self.Index);
        }
    }

    /// <summary>What a pool thread knows about itself: its pool, its index and whether it holds the turn.</summary>
    private sealed class PoolThread(TurnTakingMixIn pool, int index)
    {
        public TurnTakingMixIn Pool { get; } = pool;

        public int Index { get; } = index;

        public bool HoldsTurn { get; set; }
    }
}
