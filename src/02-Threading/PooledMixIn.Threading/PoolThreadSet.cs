using System.Globalization;

namespace PooledMixIn.Threading;

/// <summary>
/// The threads of a pool, made once: started at most once, never after the pool has closed, and named by a prefix
/// and their index. What <see cref="PrethreadedMixIn"/> and <see cref="TurnTakingMixIn"/> share.
/// </summary>
internal sealed class PoolThreadSet
{
    private readonly Lock _lock = new();
    private Thread[]? _threads;
    private bool _closed;

    public bool IsStarted => Volatile.Read(ref _threads) is not null;

    public IReadOnlyList<Thread> Threads => Volatile.Read(ref _threads) ?? [];

    /// <summary>Starts <paramref name="count"/> threads, each running <paramref name="body"/> with its index, unless they run already.</summary>
    /// <exception cref="InvalidOperationException">The pool has closed.</exception>
    public void Start(int count, string namePrefix, bool isBackground, Action<int> body)
    {
        if (IsStarted)
        {
            return;
        }

        lock (_lock)
        {
            if (_threads is not null)
            {
                return;
            }

            if (_closed)
            {
                throw new InvalidOperationException("The server is closed; its thread pool cannot start again.");
            }

            var threads = new Thread[count];
            for (var i = 0; i < threads.Length; i++)
            {
                var index = i;
                threads[i] = new Thread(() => body(index))
                {
                    IsBackground = isBackground,
                    Name = namePrefix + index.ToString(CultureInfo.InvariantCulture),
                };
                threads[i].Start();
            }

            Volatile.Write(ref _threads, threads);
        }
    }

    /// <summary>
    /// Closes the pool and runs <paramref name="wakeThreads"/> under the lock that <see cref="Start"/> takes, so that
    /// a start racing with the close either comes first (and its threads are woken) or throws.
    /// </summary>
    public void Close(Action wakeThreads)
    {
        lock (_lock)
        {
            _closed = true;
            wakeThreads();
        }
    }
}
