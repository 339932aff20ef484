namespace PooledMixIn.TestSupport;

/// <summary>
/// Runs blocking client calls on dedicated threads, all at once. Not the thread pool or PLINQ: on two cores the
/// pool starts with two threads and adds more slowly, so blocking calls queued there would not really overlap.
/// </summary>
public static class Concurrently
{
    /// <summary>Runs <paramref name="call"/> for 0..count-1 at the same time and returns the results in order.</summary>
    /// <exception cref="AggregateException">A call failed.</exception>
    /// <exception cref="TimeoutException">A call did not finish within <see cref="TestTimeouts.Operation"/>.</exception>
    public static IReadOnlyList<T> Run<T>(int count, Func<int, T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var results = new T[count];
        var errors = new Exception?[count];
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                results[i] = call(i);
            }
            catch (Exception exception)
            {
                errors[i] = exception;
            }
        })
        { IsBackground = true, Name = $"client-{i}" }).ToList();

        threads.ForEach(t => t.Start());
        var deadline = DateTime.UtcNow + TestTimeouts.Operation;
        foreach (var thread in threads)
        {
            var left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                throw new TimeoutException($"A concurrent call did not finish within {TestTimeouts.Operation}.");
            }
        }

        var failures = errors.OfType<Exception>().ToList();
        return failures.Count == 0 ? results : throw new AggregateException(failures);
    }

    /// <summary>Starts <paramref name="call"/> for 0..count-1 on dedicated threads and returns at once.</summary>
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
