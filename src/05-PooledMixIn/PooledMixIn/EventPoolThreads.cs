using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn;

/// <summary>
/// The event form of one worker process (<see cref="ConnectionMode.Event"/>): an acceptor thread takes the pool's
/// turn and accepts as the thread-holding form does, but parks what it accepts in a <see cref="ConnectionPoller"/>;
/// an event-loop thread moves each connection whose head has arrived to the idle pool threads through an in-process
/// queue, as layer 2's prethreaded pool does. A pool thread is only ever given a request it can serve at once.
/// </summary>
/// <remarks>
/// A graceful stop drains in order: the acceptor stops first; the event loop then waits for the heads still on their
/// way (connections accepted but not yet served, and requests begun), up to the close timeout, and closes the ready
/// queue; the pool threads serve what is queued and exit. Only idle kept-alive connections are closed unserved, as
/// any stopping server closes them.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The stop source lives as long as the worker process; threads that outlive the close timeout still read its token.")]
internal sealed class EventPoolThreads : ServerMixIn, IIdleConnectionParking
{
    /// <summary>The connection this thread's handler gave back idle, to park instead of closing.</summary>
    [ThreadStatic]
    private static Socket? t_keptAlive;

    private static readonly TimeSpan s_idleWait = TimeSpan.FromMilliseconds(500);
    private readonly PoolState _state;
    private readonly int _worker;
    private readonly int _threadCount;
    private readonly AcceptStrategy _strategy;
    private readonly TimeSpan _closeTimeout;
    private readonly HttpRequestLimits _limits;
    private readonly int _maxParked;
    private readonly CancellationTokenSource _stop = new();
    private readonly BlockingCollection<ParkedConnection> _ready = [];
    private readonly object _stopSignal = new();
    private ConnectionPoller? _poller;
    private Thread[]? _threads;
    private long _drainDeadline; // Environment.TickCount64 when the drain must end; 0 until the stop begins

    public EventPoolThreads(PoolState state, int worker, int threadCount, AcceptStrategy strategy, TimeSpan closeTimeout,
        HttpRequestLimits limits, int maxParked)
    {
        (_state, _worker, _threadCount, _strategy, _closeTimeout) = (state, worker, threadCount, strategy, closeTimeout);
        (_limits, _maxParked) = (limits, maxParked);
    }

    private bool Running => !_stop.IsCancellationRequested && _state.KeepRunning.Read() != 0;

    protected override void ServeOnce(TimeSpan pollInterval)
    {
        if (_threads is null)
        {
            StartThreads();
        }

        lock (_stopSignal)
        {
            Monitor.Wait(_stopSignal, pollInterval);
        }
    }

    protected override void ProcessRequest(Socket request, EndPoint clientAddress) =>
        _ = _poller!.Park(request, clientAddress, keptAlive: false); // refused means closed: nothing more to do

    /// <summary>Between requests a kept-alive connection goes back to the poller, not to its thread.</summary>
    public bool TryTakeIdleConnection(Socket connection)
    {
        if (!Running || _poller is null)
        {
            return false; // stopping: the handler finishes the connection as the thread-holding form does
        }

        t_keptAlive = connection;
        return true;
    }

    protected override void ServerClose()
    {
        _stop.Cancel();
        lock (_stopSignal)
        {
            Monitor.PulseAll(_stopSignal);
        }

        // The event loop is joined first and a little past the drain's end (its last wait ends by then), so that the
        // poller is never disposed under it; the pool threads then have what is left of the close timeout.
        var deadline = DrainDeadline();
        var threads = _threads ?? [];
        for (var i = threads.Length - 1; i >= 0; i--)
        {
            var left = deadline + (i == threads.Length - 1 ? (long)s_idleWait.TotalMilliseconds : 0) - Environment.TickCount64;
            threads[i].Join(TimeSpan.FromMilliseconds(Math.Max(0, left)));
        }

        _poller?.Dispose(); // what is still parked is idle, or never completed its head in time: closed, not served
    }

    /// <summary>When the drain ends: set once, by whichever notices the stop first, the event loop or the close.</summary>
    private long DrainDeadline()
    {
        _ = Interlocked.CompareExchange(ref _drainDeadline, Environment.TickCount64 + (long)_closeTimeout.TotalMilliseconds, 0);
        return Interlocked.Read(ref _drainDeadline);
    }

    private void StartThreads()
    {
        _poller = new ConnectionPoller(_limits, _maxParked, _ready.Add,
            keptAliveEnded: () => Interlocked.Increment(ref _state.Counters.Completed));
        var threads = new Thread[_threadCount + 2];
        for (var i = 0; i < _threadCount; i++)
        {
            var index = i;
            ref var slot = ref _state.SlotOf(_worker, index);
            slot = new ThreadSlot { ProcessId = Environment.ProcessId };
            threads[i] = new Thread(() => RunPoolThread(index)) { IsBackground = true, Name = $"pool-{_worker}.{index}" };
        }

        threads[_threadCount] = new Thread(RunAcceptor) { IsBackground = true, Name = $"acceptor-{_worker}" };
        threads[_threadCount + 1] = new Thread(RunEventLoop) { IsBackground = true, Name = $"poller-{_worker}" };
        _threads = threads; // before any starts: the event loop reads it once the worker stops
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    #region event-acceptor
    /// <summary>Takes the pool's turn and accepts whenever the poller has room, not only when a thread is idle.</summary>
    private void RunAcceptor()
    {
        using var exclusive = _strategy == AcceptStrategy.EpollExclusive ? new ExclusiveListener(Server.Socket) : null;
        var listening = false;
        try
        {
            while (Running)
            {
                var room = _poller!.WaitForRoom(s_idleWait);
                if (exclusive is not null && room != listening)
                {
                    // The event form's "idle thread" is room in the poller: a full worker leaves the socket's wait
                    // queue, and its connections stay in the shared backlog for a worker with room.
                    if (room)
                    {
                        exclusive.ThreadIdle();
                    }
                    else
                    {
                        exclusive.ThreadBusy();
                    }

                    listening = room;
                }

                if (room && Accept(exclusive) is var (request, clientAddress))
                {
                    Interlocked.Increment(ref _state.Counters.Accepted);
                    _ = _poller.Park(request, clientAddress, keptAlive: false); // refused means closed: nothing more to do
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the wait for a turn was cancelled.
        }
    }

    private (Socket, EndPoint)? Accept(ExclusiveListener? exclusive)
    {
        if (exclusive is not null)
        {
            // The kernel wakes one worker (rarely two) per connection; a loser's non-blocking accept finds none.
            return exclusive.WaitReadable(s_idleWait) && Server.GetRequest(out var picked, out var pickedAddress)
                ? (picked, pickedAddress)
                : null;
        }

        if (_strategy == AcceptStrategy.SharedAccept)
        {
            return Server.WaitForRequest(s_idleWait) && Server.GetRequest(out var shared, out var sharedAddress)
                ? (shared, sharedAddress)
                : null;
        }

        // The seed's hand-off, with this worker's acceptor as the one who takes the token.
        if (!_state.Token.Wait(s_idleWait, _stop.Token))
        {
            return null;
        }

        _state.Accepting.Increment();
        var accepted = Server.GetRequest(out var request, out var clientAddress);
        _state.Accepting.Decrement();
        _state.Accepted.Set();
        return accepted ? (request, clientAddress) : null;
    }
    #endregion

    #region event-drain
    /// <summary>
    /// Moves on each connection whose head arrives. Once the worker stops, and the acceptor with it, it goes on while
    /// heads are still on their way, until the drain's deadline, then tells the pool threads that nothing more comes.
    /// </summary>
    private void RunEventLoop()
    {
        try
        {
            while (Running)
            {
                _poller!.PollOnce(s_idleWait);
            }

            var deadline = DrainDeadline();
            _threads![_threadCount].Join(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
            while (_poller!.HasRequestsOnTheWay && Environment.TickCount64 < deadline)
            {
                _poller.PollOnce(TimeSpan.FromMilliseconds(Math.Min(s_idleWait.TotalMilliseconds, deadline - Environment.TickCount64)));
            }
        }
        finally
        {
            _ready.CompleteAdding(); // the pool threads serve what is queued, then exit
        }
    }
    #endregion

    #region event-pool-thread
    /// <summary>A pool thread: takes the next connection whose head has arrived, and serves it.</summary>
    private void RunPoolThread(int thread)
    {
        try
        {
            // Not "while running": a stopping worker still serves what its event loop queues, until it says no more
            // comes (the ready queue is completed).
            while (!_ready.IsCompleted)
            {
                Mark(thread, ThreadActivity.Waiting);
                if (_ready.TryTake(out var connection, (int)s_idleWait.TotalMilliseconds))
                {
                    Serve(connection.Socket, connection.ClientAddress, thread);
                }
            }
        }
        finally
        {
            Mark(thread, ThreadActivity.Dead);
        }
    }
    #endregion

    #region event-serve
    /// <summary>
    /// Python's <c>_handle_request_noblock</c> after the accept, on this thread; an exception never kills it. A
    /// connection the handler gave back idle (<see cref="TryTakeIdleConnection"/>) is parked again, not closed.
    /// </summary>
    private void Serve(Socket request, EndPoint clientAddress, int thread)
    {
        Mark(thread, ThreadActivity.Busy); // its head has arrived: a request, from the first instant
        PoolThread.BeginConnection(_state, _worker, thread); // the row its handler's ReportPath writes to
        t_keptAlive = null;
        try
        {
            if (Server.VerifyRequest(request, clientAddress))
            {
                Server.FinishRequest(request, clientAddress);
            }
        }
        catch (Exception exception)
        {
            t_keptAlive = null;
            Interlocked.Increment(ref _state.Counters.Failed);
            Server.HandleError(request, clientAddress, exception);
        }
        finally
        {
            PoolThread.EndConnection(); // the request counted with its duration, unless a kept-alive hand-back did
            var keptAlive = ReferenceEquals(t_keptAlive, request) && TryParkAgain(request, clientAddress);
            t_keptAlive = null;
            if (!keptAlive)
            {
                Interlocked.Increment(ref _state.Counters.Completed);
                Server.ShutdownRequest(request);
            }
        }
    }
    #endregion

    /// <summary>Parks a kept-alive connection again; when the worker is stopping and the poller is gone, it is closed.</summary>
    private bool TryParkAgain(Socket request, EndPoint clientAddress)
    {
        try
        {
            return _poller!.Park(request, clientAddress, keptAlive: true);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void Mark(int thread, ThreadActivity activity)
    {
        ref var slot = ref _state.SlotOf(_worker, thread);
        slot.Activity = (int)activity;
        slot.ChangedAtUnixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }
}
