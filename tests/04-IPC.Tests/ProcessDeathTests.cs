using System.Diagnostics;

namespace PooledMixIn.Ipc.Tests;

/// <summary>
/// What a worker's death does to the shared objects. Processes are killed with SIGKILL: no finally
/// block, no Dispose runs in them, exactly like a crash.
/// </summary>
public sealed class ProcessDeathTests : IDisposable
{
    private readonly SharedMemoryRegion _region = SharedMemoryRegion.Create(4096);

    public void Dispose() => _region.Dispose();

    [Fact]
    public void A_process_killed_while_waiting_leaves_a_stale_waiter_count_but_loses_no_token()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using (var child = IpcChild.Start(_region, "sem-wait", 0, 60_000))
        {
            Waiting.Until(() => semaphore.WaiterCount == 1, "the child blocks in Wait");
            child.Kill();
            child.HasExited.Should().BeTrue();
        }

        semaphore.WaiterCount.Should().Be(1, "a killed waiter never decrements the count: documented, harmless");
        semaphore.Release();
        semaphore.CurrentCount.Should().Be(1, "the dead waiter cannot have consumed the token");
        semaphore.Wait(0).Should().BeTrue();
    }

    [Fact]
    public void A_process_killed_holding_a_token_loses_it_and_a_timeout_lets_the_parent_recover()
    {
        // The seed's hand-off: the parent releases one token and waits for the worker's event.
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using var accepted = SharedEvent.Create(_region, 64, initialState: false);
        using (var child = IpcChild.Start(_region, "sem-take-and-hang", 0))
        {
            semaphore.Release();
            child.ReadLine(Waiting.Patience).Should().Be("took");
            child.Kill();
        }

        var clock = Stopwatch.StartNew();
        bool handedOver = accepted.Wait(TimeSpan.FromMilliseconds(300));

        handedOver.Should().BeFalse("the worker died before setting the event");
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(290).And.BeLessThan(3000);
        semaphore.CurrentCount.Should().Be(0, "the token died with the process");

        // Recovery: the parent re-issues the token; a live worker (here, a thread) takes it.
        semaphore.Release();
        semaphore.Wait(0).Should().BeTrue();
    }

    [Fact]
    public void A_waiter_killed_in_the_kernel_does_not_swallow_the_next_wake_up()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using (var doomed = IpcChild.Start(_region, "sem-wait", 0, 60_000))
        {
            Waiting.Until(() => semaphore.WaiterCount == 1, "the doomed child blocks");
            doomed.Kill();
        }

        // The kernel removed the dead sleeper from the futex queue, so a wake reaches the live one.
        using var survivor = IpcChild.Start(_region, "sem-wait", 0, 10_000);
        Waiting.Until(() => semaphore.WaiterCount == 2, "the survivor blocks (the count still includes the dead one)");
        semaphore.Release();

        survivor.ReadLine(Waiting.Patience).Should().StartWith("acquired");
    }
}
