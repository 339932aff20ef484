namespace PooledMixIn.Threading;

/// <summary>
/// The non-daemon request threads a <see cref="ThreadingMixIn"/> must join on close: Python's
/// <c>socketserver._Threads</c>.
/// </summary>
/// <remarks>
/// A thread cannot remove itself when it ends: it would still be alive, for a moment, after leaving the list, and a
/// close that joins the list could return before it is gone. So, as in Python, the list drops threads that have
/// <em>ended</em>: on every <see cref="Add"/>, and (unlike Python) on every turn of the serve loop through
/// <see cref="Reap"/>, so an idle server does not keep the last burst's threads either.
/// </remarks>
internal sealed class RequestThreadList
{
    private readonly List<Thread> _threads = [];
    private readonly Lock _lock = new();

    /// <summary>How many threads are held: the live ones plus those ended since the last reap.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _threads.Count;
            }
        }
    }

    /// <summary>Drops ended threads and adds <paramref name="thread"/>.</summary>
    public void Add(Thread thread)
    {
        lock (_lock)
        {
            ReapLocked();
            _threads.Add(thread);
        }
    }

    /// <summary>Drops the threads that have ended.</summary>
    public void Reap()
    {
        lock (_lock)
        {
            ReapLocked();
        }
    }

    /// <summary>Empties the list and returns what it held: Python's <c>_Threads.pop_all</c>.</summary>
    public Thread[] PopAll()
    {
        lock (_lock)
        {
            var all = _threads.ToArray();
            _threads.Clear();
            return all;
        }
    }

    private void ReapLocked() => _threads.RemoveAll(thread => !thread.IsAlive);
}
