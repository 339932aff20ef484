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

    public EventPoolThreads(PoolState state, int worker, int threadCount, AcceptStrategy strategy, TimeSpan closeTimeout,
        HttpRequestLimits limits, int maxParked)
    {
        (_state, _worker, _threadCount, _strategy, _closeTimeout) = (state, worker, threadCount, strategy, closeTimeout);
        (_limits, _maxParked) = (limits, maxParked);
    }

    private bool Running => !_stop.IsCancellationRequested && _state.KeepRunning.Read() != 0;

    protected override void ServeOnce(TimeSpan pollInterval)
    {
        _threads ??= StartThreads();
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

        var deadline = DateTime.UtcNow + _closeTimeout;
        foreach (var thread in _threads ?? [])
        {
            var left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        _poller?.Dispose(); // parked connections had sent no complete request: they are closed, not served
    }

    private Thread[] StartThreads()
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
        foreach (var thread in threads)
        {
            thread.Start();
        }

        return threads;
    }

    #region event-acceptor
    /// <summary>Takes the pool's turn and accepts whenever the poller has room, not only when a thread is idle.</summary>
    private void RunAcceptor()
    {
        try
        {
            while (Running)
            {
                if (_poller!.WaitForRoom(s_idleWait) && Accept() is var (request, clientAddress))
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

    private (Socket, EndPoint)? Accept()
    {
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

    private void RunEventLoop()
    {
        while (Running)
        {
            _poller!.PollOnce(s_idleWait);
        }
    }

    #region event-pool-thread
    /// <summary>A pool thread: takes the next connection whose head has arrived, and serves it.</summary>
    private void RunPoolThread(int thread)
    {
        try
        {
            while (Running)
            {
                Mark(thread, ThreadActivity.Waiting);
                if (_ready.TryTake(out var connection, (int)s_idleWait.TotalMilliseconds, _stop.Token))
                {
                    Serve(connection.Socket, connection.ClientAddress, thread);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
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
