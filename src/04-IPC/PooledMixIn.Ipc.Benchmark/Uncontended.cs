using System.Diagnostics;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc.Benchmark;

/// <summary>
/// The cost of an acquire/release pair when nobody else is involved: the price every hand-off pays
/// even when no thread has to sleep. One thread, a tight loop, total time divided by iterations.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class Uncontended
{
    internal static IEnumerable<Measurement> Run(int iterations)
    {
        using var region = SharedMemoryRegion.Create(4096, "benchmark");
        using (var shared = SharedSemaphore.Create(region, 0, initialCount: 1, maximumCount: 1))
        {
            yield return Measure("SharedSemaphore", "Wait + Release", iterations, () =>
            {
                shared.Wait();
                shared.Release();
            });
        }

        using (var slim = new SemaphoreSlim(1, 1))
        {
            yield return Measure("SemaphoreSlim", "Wait + Release", iterations, () =>
            {
                slim.Wait();
                slim.Release();
            });
        }

        using (var sharedEvent = SharedEvent.Create(region, 64, initialState: false))
        {
            yield return Measure("SharedEvent", "Set + Wait + Reset", iterations, () =>
            {
                sharedEvent.Set();
                sharedEvent.Wait();
                sharedEvent.Reset();
            });
        }

        using (var slimEvent = new ManualResetEventSlim(false))
        {
            yield return Measure("ManualResetEventSlim", "Set + Wait + Reset", iterations, () =>
            {
                slimEvent.Set();
                slimEvent.Wait();
                slimEvent.Reset();
            });
        }

        // .NET's only cross-process primitive on Linux: a named Mutex (a robust pthread mutex in a file
        // under /tmp/.dotnet/shm). It is far slower per call, so it gets fewer iterations.
        using (var mutex = new Mutex(initiallyOwned: false, name: $"pooledmixin-benchmark-{Environment.ProcessId}"))
        {
            yield return Measure("Mutex (named)", "WaitOne + ReleaseMutex", Math.Max(1_000, iterations / 10), () =>
            {
                mutex.WaitOne();
                mutex.ReleaseMutex();
            });
        }

        var counter = new SharedValue<long>(region, 128);
        yield return Measure("SharedValue<long>", "Increment", iterations, () => counter.Increment());
    }

    private static Measurement Measure(string primitive, string operation, int iterations, Action pair)
    {
        for (int i = 0; i < Math.Min(iterations, 50_000); i++)
        {
            pair(); // warm-up: lets tiered JIT reach its optimised code
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++)
        {
            pair();
        }

        double nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
        return new Measurement(primitive, "uncontended", "in-process", operation, iterations, nanoseconds, null, null);
    }
}
