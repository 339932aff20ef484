using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;

namespace PooledMixIn;

/// <summary>
/// A pool of processes × threads made once at start-up, all serving one listening socket: the .NET port of Python's
/// <c>PooledProcessMixIn</c>, done right. Compose it with any server, as in the seed:
/// <code>
/// using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 8888), () => new MyHandler(),
///     new PooledProcessMixIn { ProcessCount = 7, ThreadCount = 64 });
/// server.ServeForever();
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// The server process binds the socket, creates the pool's shared state (a memfd region holding a semaphore, an
/// event, <c>keep_running</c>, counters and a scoreboard — see <see cref="Status"/>) and starts
/// <see cref="PreforkingMixIn.ProcessCount"/> workers, each running <see cref="ThreadCount"/> threads. Workers are this program
/// started again (.NET cannot fork): <b>code before the server is created runs in every worker</b>; see
/// <see cref="WorkerProcess"/>. The pool starts at <see cref="PreforkingMixIn.StartPool"/> or, at the latest, on
/// the first turn of <c>ServeForever</c>.
/// </para>
/// <para>
/// With the default <see cref="AcceptStrategy.Handoff"/>, each connection follows the seed's protocol: the server
/// process sees the socket readable, resets the event, releases one token and waits for the event; one idle thread
/// in any worker takes the token, accepts (without blocking), sets the event and serves. A connection is accepted
/// only when a thread is idle: when all are busy, connections wait in the kernel's backlog. The other strategies
/// are there to compare: <see cref="AcceptStrategy.SharedAccept"/> and <see cref="AcceptStrategy.AcceptLock"/>.
/// </para>
/// <para>
/// Unlike the original: shutdown completes (threads are woken, requests in flight finish within
/// <see cref="PreforkingMixIn.GracefulStopTimeout"/>, workers exit, the region and the port are released); a worker
/// that dies holding the token cannot hang the server process (it waits at most <see cref="HandoffTimeout"/> and
/// counts a lost hand-off); accept never blocks on a connection that vanished; dead workers are replaced with
/// back-off; and a handler's exception never kills its thread.
/// </para>
/// </remarks>
public sealed class PooledProcessMixIn : PreforkingMixIn
{
    /// <summary>The seed's default number of threads per process.</summary>
    public const int DefaultThreadCount = 64;

    private PoolState? _state;
    private volatile bool _stopping;

    /// <summary>Creates a pool with the seed's defaults: one process per core (at least 2), 64 threads each.</summary>
    public PooledProcessMixIn()
    {
        ProcessCount = Math.Max(2, Environment.ProcessorCount);
    }

    /// <summary>Threads per worker process: the seed's <c>_thread_n</c>. Default 64.</summary>
    public int ThreadCount { get; init; } = DefaultThreadCount;

    /// <summary>How pool threads take turns to accept. Default <see cref="AcceptStrategy.Handoff"/>, the seed's.</summary>
    public AcceptStrategy Strategy { get; init; } = AcceptStrategy.Handoff;

    /// <summary>
    /// How long the server process waits for a worker to acknowledge a hand-off before it concludes the worker died
    /// with the token and polls again. Default 2 s. While every thread is busy the token simply waits; that is not
    /// a lost hand-off.
    /// </summary>
    public TimeSpan HandoffTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a hand-off turn releases one token per connection waiting in the accept queue rather than exactly one,
    /// as the seed does (the default). Either way each connection wakes one thread. Batching saves the server process
    /// a round trip per connection in a burst, but wakes several threads at once; on two cores, with 100 clients,
    /// the project's benchmark measured it slower than the seed's one token per turn, so it is off by default.
    /// Applies to <see cref="AcceptStrategy.Handoff"/>.
    /// </summary>
    public bool BatchHandoffs { get; init; }

    /// <summary>The pool's shared counters and scoreboard, or <see langword="null"/> before the pool exists.</summary>
    public PoolStatus? Status
    {
        get
        {
            var state = _state;
            if (state is null)
            {
                return null;
            }

            ref var counters = ref state.Counters;
            return new PoolStatus(
                Volatile.Read(ref counters.Accepted), Volatile.Read(ref counters.Completed),
                Volatile.Read(ref counters.Failed), Volatile.Read(ref counters.LostHandoffs),
                state.Scoreboard.AsSpan().ToArray());
        }
    }

    /// <summary>In the server process, as the pool starts: creates the pool's shared state, which every worker inherits.</summary>
    /// <returns>The shared region's descriptor.</returns>
    protected override IReadOnlyList<SafeHandle> CreateInheritedHandles()
    {
        Validate();
        _state?.Dispose(); // left by a start that failed
        _state = PoolState.Create(ProcessCount, ThreadCount);
        return [_state.Region.FileHandle];
    }

    /// <summary>In the server process: a worker exited by any means; its scoreboard rows must not say it still serves.</summary>
    /// <param name="slot">The dead worker's slot.</param>
    protected override void OnWorkerExited(int slot) => _state?.MarkWorkerDead(slot);

    /// <inheritdoc />
    protected override Socket? ProvideListeningSocket(EndPoint requestedEndPoint)
    {
        var socket = base.ProvideListeningSocket(requestedEndPoint);
        if (IsWorker)
        {
            Validate();
            _state = PoolState.OpenInherited(InheritedDescriptors[0], ProcessCount, ThreadCount);
        }

        return socket;
    }

    /// <inheritdoc />
    protected override ServerMixIn CreateWorkerMixIn() =>
        new PoolThreads(_state!, WorkerSlot, ThreadCount, Strategy, GracefulStopTimeout);

    #region handoff-parent
    /// <summary>
    /// The seed's protocol, server side: when the socket is readable, reset the event, release the token(s) and wait
    /// for the acknowledgement of a thread that accepted.
    /// </summary>
    protected override void ServeInParent(TimeSpan pollInterval)
    {
        if (Strategy != AcceptStrategy.Handoff)
        {
            base.ServeInParent(pollInterval); // the threads accept by themselves
            return;
        }

        var state = _state!;
        if (_stopping || !Server.WaitForRequest(pollInterval))
        {
            return;
        }

        state.Accepted.Reset();
        var tokens = TokensToRelease(state);
        if (tokens > 0)
        {
            state.Token.Release(tokens);
        }

        while (!state.Accepted.Wait(HandoffTimeout))
        {
            if (_stopping)
            {
                return;
            }

            if (state.Token.CurrentCount > 0)
            {
                continue; // every thread is busy and the token waits for the first one free: back-pressure
            }

            // The token was taken but never acknowledged: the thread's process died (or stalled). Count it, and
            // poll again: the connection, if still queued, gets a new token.
            Interlocked.Increment(ref state.Counters.LostHandoffs);
            state.Accepting.Write(0); // the dead thread's count would otherwise hold back a token for ever
            Log.HandoffLost(Server.Logger, HandoffTimeout);
            return;
        }
    }
    #endregion

    #region handoff-batch
    /// <summary>
    /// The seed releases one token per turn, so every connection costs a round trip between the server process and
    /// a worker. With <see cref="BatchHandoffs"/>, a turn releases one token per connection waiting in the kernel's
    /// accept queue that no thread is already on its way to accept — still one thread woken per connection, but
    /// one round trip per burst instead of per connection. Measured, it loses on two cores (see the property).
    /// </summary>
    private int TokensToRelease(PoolState state)
    {
        if (!BatchHandoffs)
        {
            return 1;
        }

        var queued = AcceptQueue.Length(Server.Socket);
        var onTheirWay = state.Token.CurrentCount + Math.Max(0, state.Accepting.Read());
        return Math.Max(queued - onTheirWay, 0);
    }
    #endregion

    /// <inheritdoc />
    protected override void OnPoolStopping()
    {
        _stopping = true;
        _state?.KeepRunning.Write(0); // the seed's keep_running: every pool thread finishes its turn and stops
    }

    /// <inheritdoc />
    protected override void ServerClose()
    {
        base.ServerClose();
        _state?.Dispose();
    }

    private void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ProcessCount, 1, nameof(ProcessCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(ThreadCount, 1, nameof(ThreadCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)ProcessCount * ThreadCount, 1_000_000, "ProcessCount x ThreadCount");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandoffTimeout, TimeSpan.Zero, nameof(HandoffTimeout));
    }
}
