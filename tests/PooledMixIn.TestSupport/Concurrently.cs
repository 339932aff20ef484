using System.Runtime.ExceptionServices;

namespace PooledMixIn.TestSupport;

/// <summary>
/// Runs blocking client calls on dedicated threads, all at once or at most so many at a time. Not the thread pool or
/// PLINQ: on two cores the pool starts with two threads and adds more slowly, so blocking calls queued there would
/// not really overlap.
/// </summary>
public static class Concurrently
{
    /// <summary>Runs <paramref name="call"/> for 0..count-1 all at the same time; returns the results in order.</summary>
    /// <exception cref="TimeoutException">The calls did not finish within <see cref="TestTimeouts.Operation"/>.</exception>
    public static IReadOnlyList<T> Run<T>(int count, Func<int, T> call) => Run(count, count, call);

    /// <summary>
    /// Runs <paramref name="call"/> for 0..count-1 on <paramref name="parallelism"/> threads, each taking the next
    /// index when it is done with one; returns the results in order. The first failure is rethrown.
    /// </summary>
    /// <exception cref="TimeoutException">The calls did not finish within <see cref="TestTimeouts.Operation"/>.</exception>
    public static IReadOnlyList<T> Run<T>(int count, int parallelism, Func<int, T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var results = new T[count];
        var next = -1;
        Exception? failure = null;
        var threads = Enumerable.Range(0, Math.Min(count, parallelism)).Select(i => new Thread(() =>
        {
            try
            {
                for (var index = Interlocked.Increment(ref next); index < count; index = Interlocked.Increment(ref next))
                {
                    results[index] = call(index);
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        })
        { IsBackground = true, Name = $"test-client-{i}" }).ToList();

        threads.ForEach(t => t.Start());
        var deadline = DateTime.UtcNow + TestTimeouts.Operation;
        foreach (var thread in threads)
        {
            var left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                throw new TimeoutException($"Concurrent calls did not finish within {TestTimeouts.Operation}.");
            }
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return results;
    }

    /// <summary>Starts <see cref="Run{T}(int, Func{int, T})"/> on a thread of its own and returns at once.</summary>
    public static Task<IReadOnlyList<T>> Start<T>(int count, Func<int, T> call)
    {
        var done = new TaskCompletionSource<IReadOnlyList<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                done.SetResult(Run(count, call));
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        })
        { IsBackground = true, Name = "concurrent-clients" }.Start();
        return done.Task;
    }
}
