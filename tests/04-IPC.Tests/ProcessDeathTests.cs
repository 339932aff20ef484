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
        // The seed's hand-off: the parent releases one token and waits for the worker's event. The worker takes the
        // token and is killed at the gate, before it can set the event; the gate is then opened, so a worker that
        // survived would set the event at once, and only its death keeps the parent waiting.
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using var accepted = SharedEvent.Create(_region, 64, initialState: false);
        using var gate = SharedEvent.Create(_region, 128, initialState: false);
        using (var worker = IpcChild.Start(_region, "hand-off-worker", 0, 64, 128))
        {
            semaphore.Release();
            worker.ReadLine(Waiting.Patience).Should().Be("took");
            worker.Kill();
            gate.Set();
            worker.TryReadLine(TimeSpan.Zero, out var after).Should().BeFalse($"a killed worker says nothing more, yet it said '{after}'");
        }

        var timeout = TimeSpan.FromSeconds(1);
        var clock = Stopwatch.StartNew();
        bool handedOver = accepted.Wait(timeout);

        handedOver.Should().BeFalse("the worker died holding the token, before setting the event");
        clock.Elapsed.Should().BeGreaterThan(timeout * 0.9, "the parent gives up when its timeout expires, not at once");
        semaphore.CurrentCount.Should().Be(0, "the token died with the process");

        // Recovery: the parent re-issues the token, and the next worker takes it and completes the hand-off.
        using var next = IpcChild.Start(_region, "hand-off-worker", 0, 64, 128);
        semaphore.Release();
        next.ReadLine(Waiting.Patience).Should().Be("took");
        next.ReadLine(Waiting.Patience).Should().Be("accepted", "the gate is open");
        accepted.Wait(Waiting.Patience).Should().BeTrue("the live worker set the event the parent waits on");
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
