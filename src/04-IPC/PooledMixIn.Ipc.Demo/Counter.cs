using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc.Demo;

/// <summary>
/// N processes each add M to three shared counters, all starting at the same instant:
/// a racy one (read, add, write: usually loses updates), an atomic one (Interlocked on shared memory)
/// and one guarded by a shared semaphore used as a lock. The last two always reach N × M.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class Counter
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private sealed class Layout
    {
        internal Layout()
        {
            var layout = new SharedMemoryLayout();
            Ready = layout.ReserveSemaphore();
            Go = layout.ReserveEvent();
            Lock = layout.ReserveSemaphore();
            Racy = layout.ReserveValue<long>();
            Atomic = layout.ReserveValue<long>();
            Guarded = layout.ReserveValue<long>();
            Size = layout.Size;
        }

        internal long Ready { get; }
        internal long Go { get; }
        internal long Lock { get; }
        internal long Racy { get; }
        internal long Atomic { get; }
        internal long Guarded { get; }
        internal long Size { get; }
    }

    internal static int RunParent(int processes, int increments)
    {
        var at = new Layout();
        using var region = SharedMemoryRegion.Create(at.Size, "counter");
        using var ready = SharedSemaphore.Create(region, at.Ready, initialCount: 0);
        using var go = SharedEvent.Create(region, at.Go, initialState: false);
        using var guard = SharedSemaphore.Create(region, at.Lock, initialCount: 1, maximumCount: 1);

        Console.WriteLine($"parent {Environment.ProcessId}: starting {processes} workers, {increments:N0} increments each");
        var workers = new List<WorkerProcess>();
        try
        {
            for (int p = 0; p < processes; p++)
            {
                workers.Add(WorkerProcess.Start(region, "counter", increments.ToString(CultureInfo.InvariantCulture)));
            }

            // A starting line: every worker releases `ready` once, then all wait for `go`.
            for (int p = 0; p < processes; p++)
            {
                if (!ready.Wait(TimeSpan.FromSeconds(30)))
                {
                    Console.Error.WriteLine("parent: a worker never became ready");
                    return 1;
                }
            }

            var clock = Stopwatch.StartNew();
            go.Set();
            int failures = workers.Count(worker => worker.WaitForExit(s_patience) != 0);
            clock.Stop();

            long expected = (long)processes * increments;
            long racy = new SharedValue<long>(region, at.Racy).Read();
            Report("racy (read, add, write)", racy, expected);
            Report("atomic (Interlocked)", new SharedValue<long>(region, at.Atomic).Read(), expected);
            Report("guarded (semaphore as lock)", new SharedValue<long>(region, at.Guarded).Read(), expected);
            Console.WriteLine($"all workers finished in {clock.ElapsedMilliseconds} ms; {failures} failed");
            if (racy == expected)
            {
                Console.WriteLine("(the racy counter was lucky: the workers hardly overlapped; try more --increments)");
            }

            return failures == 0 && new SharedValue<long>(region, at.Atomic).Read() == expected ? 0 : 1;
        }
        finally
        {
            workers.ForEach(worker => worker.Dispose());
        }
    }

    internal static int RunWorker(SharedMemoryRegion region, int increments)
    {
        var at = new Layout();
        using var ready = SharedSemaphore.Open(region, at.Ready);
        using var go = SharedEvent.Open(region, at.Go);
        using var guard = SharedSemaphore.Open(region, at.Lock);
        var racy = new SharedValue<long>(region, at.Racy);
        var atomic = new SharedValue<long>(region, at.Atomic);
        var guarded = new SharedValue<long>(region, at.Guarded);

        ready.Release();
        if (!go.Wait(s_patience))
        {
            return 1;
        }

        for (int i = 0; i < increments; i++)
        {
            racy.Write(racy.Read() + 1); // another process can write between this read and write
            atomic.Increment();
            if (!guard.Wait(s_patience))
            {
                return 1;
            }

            guarded.Write(guarded.Read() + 1); // the same racy code, but only one process runs it at a time
            guard.Release();
        }

        Console.WriteLine($"  worker {Environment.ProcessId}: done");
        return 0;
    }

    private static void Report(string name, long actual, long expected) =>
        Console.WriteLine($"{name,-30} {actual,12:N0} of {expected,12:N0}  {(actual == expected ? "exact" : $"lost {expected - actual:N0} updates")}");
}
