using System.Runtime.ExceptionServices;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests.Support;

/// <summary>
/// Runs clients on dedicated threads (the thread pool would add blocked threads only slowly), at most
/// <c>parallelism</c> at once, and waits for all of them within <see cref="TestTimeouts.Operation"/>.
/// </summary>
internal static class ClientThreads
{
    public static T[] Run<T>(int count, int parallelism, Func<int, T> client)
    {
        var results = new T[count];
        var next = -1;
        Exception? failure = null;
        var threads = Enumerable.Range(0, Math.Min(count, parallelism)).Select(i => new Thread(() =>
        {
            try
            {
                for (var index = Interlocked.Increment(ref next); index < count; index = Interlocked.Increment(ref next))
                {
                    results[index] = client(index);
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        })
        { IsBackground = true, Name = $"test-client-{i}" }).ToArray();

        foreach (var thread in threads)
        {
            thread.Start();
        }

        var deadline = DateTime.UtcNow + TestTimeouts.Operation;
        foreach (var thread in threads)
        {
            var left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                throw new TimeoutException($"Clients did not finish within {TestTimeouts.Operation}.");
            }
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return results;
    }
}
