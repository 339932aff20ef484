using System.Runtime.Versioning;
using PooledMixIn.Ipc;

namespace PooledMixIn.Ipc.Tests.Child;

/// <summary>
/// The hammering workload, shared by the test process and the helper processes (the test project
/// compiles this file too). Each thread loops: take the semaphore (used as a lock, maximum 1),
/// increment a counter *non-atomically* (read, add, write: only exact if the semaphore really excludes
/// everyone else), increment a second counter atomically, release.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class Hammer
{
    /// <summary>Bounds every wait so a lost wake-up fails the test instead of hanging it.</summary>
    internal const int WaitTimeoutMilliseconds = 20_000;

    internal static void Run(SharedMemoryRegion region, long semaphoreOffset, long plainCounterOffset, long atomicCounterOffset, int threads, int iterations)
    {
        using var semaphore = SharedSemaphore.Open(region, semaphoreOffset);
        var plain = new SharedValue<long>(region, plainCounterOffset);
        var atomic = new SharedValue<long>(region, atomicCounterOffset);

        var workers = new Thread[threads];
        Exception? failure = null;
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                try
                {
                    for (int i = 0; i < iterations; i++)
                    {
                        if (!semaphore.Wait(WaitTimeoutMilliseconds))
                        {
                            throw new TimeoutException($"No token within {WaitTimeoutMilliseconds} ms: a wake-up was lost or a token leaked.");
                        }

                        plain.Write(plain.Read() + 1);
                        atomic.Increment();
                        semaphore.Release();
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
            });
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("A hammer thread failed.", failure);
        }
    }
}
