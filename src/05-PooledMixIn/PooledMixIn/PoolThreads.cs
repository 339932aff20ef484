using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;

namespace PooledMixIn;

/// <summary>
/// The threads of one worker process: <see cref="PooledProcessMixIn.ThreadCount"/> of them, created once, each
/// taking its turn to accept by the pool's <see cref="AcceptStrategy"/> and serving what it accepted itself. The
/// worker's own serve loop only waits: it never accepts.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The stop source lives as long as the worker process; threads that outlive the close timeout still read its token.")]
internal sealed class PoolThreads : ServerMixIn
{
    private static readonly TimeSpan s_idleWait = TimeSpan.FromMilliseconds(500);
    private readonly PoolState _state;
    private readonly int _worker;
    private readonly int _threadCount;
    private readonly AcceptStrategy _strategy;
    private readonly TimeSpan _closeTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _stopSignal = new();
    private Thread[]? _threads;

    public PoolThreads(PoolState state, int worker, int threadCount, AcceptStrategy strategy, TimeSpan closeTimeout)
    {
        (_state, _worker, _threadCount, _strategy, _closeTimeout) = (state, worker, threadCount, strategy, closeTimeout);
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

    protected override void ProcessRequest(Socket request, EndPoint clientAddress) => Serve(request, clientAddress, thread: 0);

    protected override void ServerClose()
    {
        _stop.Cancel();
        lock (_stopSignal)
        {
            Monitor.PulseAll(_stopSignal);
        }

        // Requests in flight finish (each read and write of a handler is bounded); the server process kills this
        // worker anyway when its grace period ends.
        var deadline = DateTime.UtcNow + _closeTimeout;
        foreach (var thread in _threads ?? [])
        {
            var left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    private Thread[] StartThreads()
    {
        var threads = new Thread[_threadCount];
        for (var i = 0; i < threads.Length; i++)
        {
            var index = i;
            ref var slot = ref _state.SlotOf(_worker, index);
            slot = new ThreadSlot { ProcessId = Environment.ProcessId };
            threads[i] = new Thread(() => Run(index)) { IsBackground = true, Name = $"pool-{_worker}.{index}" };
            threads[i].Start();
        }

        return threads;
    }

    private void Run(int thread)
    {
        try
        {
            while (Running)
            {
                var accepted = _strategy switch
                {
                    AcceptStrategy.Handoff => AcceptHandedOff(thread),
                    AcceptStrategy.AcceptLock => AcceptUnderLock(thread),
                    _ => AcceptShared(thread),
                };
                if (accepted is var (request, clientAddress))
                {
                    Serve(request, clientAddress, thread);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the wait for a turn was cancelled.
        }
        finally
        {
            Mark(thread, ThreadActivity.Dead);
        }
    }

    #region handoff-worker-thread
    /// <summary>The seed's protocol, worker side: take the token, accept, acknowledge with the event.</summary>
    private (Socket, EndPoint)? AcceptHandedOff(int thread)
    {
        Mark(thread, ThreadActivity.Waiting);
        if (!_state.Token.Wait(s_idleWait, _stop.Token))
        {
            return null;
        }

        Mark(thread, ThreadActivity.Accepting);
        _state.Accepting.Increment();
        var accepted = Server.GetRequest(out var request, out var clientAddress); // non-blocking: never stalls
        _state.Accepting.Decrement();
        _state.Accepted.Set(); // whether or not there was still a connection: the server process may poll again
        return accepted ? (request, clientAddress) : null;
    }
    #endregion

    #region accept-lock-worker-thread
    /// <summary>nginx's accept_mutex: poll and accept only while holding the cross-process lock.</summary>
    private (Socket, EndPoint)? AcceptUnderLock(int thread)
    {
        Mark(thread, ThreadActivity.Waiting);
        if (!_state.AcceptLock.Wait(s_idleWait, _stop.Token))
        {
            RecoverLockOfDeadOwner();
            return null;
        }

        _state.LockOwner.Write(Environment.ProcessId);
        try
        {
            Mark(thread, ThreadActivity.Accepting);
            return Server.WaitForRequest(s_idleWait) && Server.GetRequest(out var request, out var clientAddress)
                ? (request, clientAddress)
                : null;
        }
        finally
        {
            _state.LockOwner.Write(0);
            _state.AcceptLock.Release();
        }
    }

    /// <summary>A worker killed while holding the lock never releases it: whoever notices the owner is gone does.</summary>
    private void RecoverLockOfDeadOwner()
    {
        var owner = _state.LockOwner.Read();
        if (owner != 0 && !ProcessExists(owner) && _state.LockOwner.CompareExchange(0, owner) == owner)
        {
            _state.ReleaseAcceptLockOfDeadOwner();
        }
    }
    #endregion

    /// <summary>Stevens' "no locking": every idle thread polls the shared socket; the kernel picks who accepts.</summary>
    private (Socket, EndPoint)? AcceptShared(int thread)
    {
        Mark(thread, ThreadActivity.Waiting);
        return Server.WaitForRequest(s_idleWait) && Server.GetRequest(out var request, out var clientAddress)
            ? (request, clientAddress)
            : null;
    }

    #region pool-serve
    /// <summary>Python's <c>_handle_request_noblock</c> after the accept, on this thread; an exception never kills it.</summary>
    private void Serve(Socket request, EndPoint clientAddress, int thread)
    {
        Mark(thread, ThreadActivity.Busy);
        Interlocked.Increment(ref _state.Counters.Accepted);
        try
        {
            if (Server.VerifyRequest(request, clientAddress))
            {
                Server.FinishRequest(request, clientAddress);
            }

            Interlocked.Increment(ref _state.Counters.Completed);
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _state.Counters.Failed);
            Server.HandleError(request, clientAddress, exception);
        }
        finally
        {
            Server.ShutdownRequest(request);
            Interlocked.Increment(ref _state.SlotOf(_worker, thread).Requests);
        }
    }
    #endregion

    private void Mark(int thread, ThreadActivity activity)
    {
        ref var slot = ref _state.SlotOf(_worker, thread);
        slot.Activity = (int)activity;
        slot.ChangedAtUnixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    private static bool ProcessExists(int pid) => Directory.Exists($"/proc/{pid}");
}
