using System.Collections.Concurrent;

namespace PooledMixIn.Preforking;

/// <summary>
/// A long-lived thread that runs, one at a time and in the order posted, the actions other threads give it: the
/// supervisor's thread and the forking mix-in's spawner. Long-lived because PR_SET_PDEATHSIG fires when the thread
/// that started a child exits, not the process; one at a time, so that the state only it touches needs no lock.
/// </summary>
internal sealed class InboxThread : IDisposable
{
    private readonly BlockingCollection<Action> _inbox = [];
    private readonly Thread _thread;
    private readonly Func<TimeSpan> _idleWait;
    private readonly Action _afterEach;
    private int _disposed;

    /// <param name="name">The thread's name.</param>
    /// <param name="idleWait">How long to wait for the next action before <paramref name="afterEach"/> runs anyway.</param>
    /// <param name="afterEach">Runs after every action, and whenever <paramref name="idleWait"/> passes without one.</param>
    public InboxThread(string name, Func<TimeSpan>? idleWait = null, Action? afterEach = null)
    {
        _idleWait = idleWait ?? (() => Timeout.InfiniteTimeSpan);
        _afterEach = afterEach ?? (() => { });
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Whether the thread still takes actions.</summary>
    public bool IsRunning => Volatile.Read(ref _disposed) == 0 && _thread.IsAlive;

    /// <summary>Queues <paramref name="action"/>; <see langword="false"/> if the thread has stopped taking actions.</summary>
    public bool Post(Action action)
    {
        try
        {
            _inbox.Add(action);
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            return false; // stopped: a late notification (a worker's exit after the stop) has nothing left to do
        }
    }

    /// <summary>Runs <paramref name="function"/> on the thread (at once if called from it) and returns its result.</summary>
    /// <exception cref="InvalidOperationException">The thread has stopped taking actions.</exception>
    public T Call<T>(Func<T> function)
    {
        if (Thread.CurrentThread == _thread)
        {
            return function();
        }

        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(() =>
        {
            try
            {
                result.SetResult(function());
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        });
        return posted
            ? result.Task.GetAwaiter().GetResult()
            : throw new InvalidOperationException($"The thread '{_thread.Name}' has stopped.");
    }

    /// <summary>Runs <paramref name="action"/> on the thread and waits for it.</summary>
    public void Call(Action action) => Call(() =>
    {
        action();
        return true;
    });

    /// <summary>Stops taking actions, runs those already queued, and waits for the thread to end. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _inbox.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
            _inbox.Dispose();
        }
    }

    private void Run()
    {
        while (!_inbox.IsCompleted)
        {
            try
            {
                if (_inbox.TryTake(out var action, _idleWait()))
                {
                    action();
                }
            }
            catch (InvalidOperationException) when (_inbox.IsAddingCompleted)
            {
                return;
            }

            _afterEach();
        }
    }
}
