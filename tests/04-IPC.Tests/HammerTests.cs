using PooledMixIn.Ipc.Tests.Child;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Ipc.Tests;

public sealed class HammerTests
{
    [Fact]
    public void Many_processes_and_threads_hammering_one_semaphore_and_counter_get_exact_totals()
    {
        const int Processes = 3, ThreadsPerProcess = 3, LocalThreads = 2, Iterations = 3_000;
        var layout = new SharedMemoryLayout();
        long semaphoreAt = layout.ReserveSemaphore();
        long plainAt = layout.ReserveValue<long>();
        long atomicAt = layout.ReserveValue<long>();
        using var region = SharedMemoryRegion.Create(layout.Size);
        using var semaphore = SharedSemaphore.Create(region, semaphoreAt, initialCount: 1, maximumCount: 1);
        var children = new List<ChildProcess>();
        try
        {
            for (int p = 0; p < Processes; p++)
            {
                children.Add(IpcChild.Start(region, "hammer", semaphoreAt, plainAt, atomicAt, ThreadsPerProcess, Iterations));
            }

            Hammer.Run(region, semaphoreAt, plainAt, atomicAt, LocalThreads, Iterations);

            foreach (ChildProcess child in children)
            {
                child.WaitForLine(line => line == "done", TimeSpan.FromSeconds(40));
                child.WaitForExit(Waiting.Patience).Should().Be(0);
            }
        }
        finally
        {
            children.ForEach(child => child.Dispose());
        }

        long expected = ((Processes * ThreadsPerProcess) + LocalThreads) * (long)Iterations;
        new SharedValue<long>(region, atomicAt).Read().Should().Be(expected);
        new SharedValue<long>(region, plainAt).Read().Should().Be(expected, "a non-atomic increment is exact only under mutual exclusion");
        semaphore.CurrentCount.Should().Be(1);
    }
}
