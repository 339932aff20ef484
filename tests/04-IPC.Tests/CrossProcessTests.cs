using System.Diagnostics;
using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Ipc.Tests;

/// <summary>The objects really cross process boundaries: each test involves a second, distinct process.</summary>
public sealed class CrossProcessTests : IDisposable
{
    private readonly SharedMemoryRegion _region = SharedMemoryRegion.Create(4096);

    public void Dispose() => _region.Dispose();

    [Fact]
    public void A_waiter_in_another_process_is_woken_by_a_release_here()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using var child = IpcChild.Start(_region, "sem-wait", 0, 10_000);
        Waiting.Until(() => semaphore.WaiterCount == 1, "the child blocks in Wait");

        semaphore.Release();

        child.ReadLine(Waiting.Patience).Should().StartWith("acquired");
        child.WaitForExit(Waiting.Patience).Should().Be(0);
        semaphore.CurrentCount.Should().Be(0, "the child consumed the token");
    }

    [Fact]
    public async Task A_waiter_here_is_woken_by_a_release_in_another_process()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        var waiter = Task.Factory.StartNew(() => semaphore.Wait(Waiting.Patience), TaskCreationOptions.LongRunning);
        Waiting.Until(() => semaphore.WaiterCount == 1, "this process blocks in Wait");

        using var child = IpcChild.Start(_region, "sem-release", 0, 1);

        (await waiter.WaitAsync(Waiting.Patience)).Should().BeTrue();
        child.WaitForExit(Waiting.Patience).Should().Be(0);
    }

    [Fact]
    public void A_timeout_in_another_process_expires_and_not_before()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using var child = IpcChild.Start(_region, "sem-wait", 0, 200);

        string[] outcome = child.ReadLine(Waiting.Patience).Split(' ');

        outcome[0].Should().Be("timeout");
        int.Parse(outcome[1], CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(190, "the wait lasts its timeout");
    }

    [Fact]
    public void Signals_arriving_during_a_wait_neither_cut_its_timeout_short_nor_lose_its_wake_up()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using var timing = IpcChild.Start(_region, "sem-wait", 0, 500);

        // Signal the child about once a millisecond until it reports: each signal may interrupt its
        // futex wait (EINTR, retried with the remaining time) or be restarted by the kernel.
        string? outcome;
        var deadline = Stopwatch.StartNew();
        while (!timing.TryReadLine(TimeSpan.FromMilliseconds(1), out outcome) && deadline.Elapsed < Waiting.Patience)
        {
            TrySignal(timing.Id);
        }

        string[] parts = (outcome ?? "none -1").Split(' ');
        parts[0].Should().Be("timeout");
        int.Parse(parts[1], CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(490, "an interrupted wait resumes with the time it has left");

        using var woken = IpcChild.Start(_region, "sem-wait", 0, 10_000);
        Waiting.Until(() => semaphore.WaiterCount == 1, "the second child blocks in Wait");
        for (int i = 0; i < 200; i++)
        {
            TrySignal(woken.Id);
        }

        semaphore.Release();
        woken.ReadLine(Waiting.Patience).Should().StartWith("acquired");
    }

    private static void TrySignal(int pid)
    {
        const int SigChld = 17; // the .NET runtime handles it in every process; harmless to send
        try
        {
            Signals.Send(pid, SigChld);
        }
        catch (IOException)
        {
            // The child has just exited: nothing left to interrupt.
        }
    }

    [Fact]
    public void Cancellation_releases_a_waiter_in_another_process()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 0);
        using var child = IpcChild.Start(_region, "sem-wait-cancel", 0, 300);

        string[] outcome = child.ReadLine(Waiting.Patience).Split(' ');

        outcome[0].Should().Be("cancelled");
        int.Parse(outcome[1], CultureInfo.InvariantCulture).Should().BeLessThan(2000);
        child.WaitForExit(Waiting.Patience).Should().Be(0);
    }

    [Fact]
    public async Task An_event_set_in_another_process_wakes_a_waiter_here()
    {
        using var sharedEvent = SharedEvent.Create(_region, 64, initialState: false);
        var waiter = Task.Factory.StartNew(() => sharedEvent.Wait(Waiting.Patience), TaskCreationOptions.LongRunning);
        Waiting.Until(() => sharedEvent.WaiterCount == 1, "this process blocks in Wait");

        using var child = IpcChild.Start(_region, "event-set", 64);

        (await waiter.WaitAsync(Waiting.Patience)).Should().BeTrue();
    }

    [Fact]
    public void An_event_set_here_wakes_every_thread_waiting_in_another_process()
    {
        using var sharedEvent = SharedEvent.Create(_region, 64, initialState: false);
        using var child = IpcChild.Start(_region, "event-wait", 64, 10_000, 3);
        Waiting.Until(() => sharedEvent.WaiterCount == 3, "three child threads block");

        sharedEvent.Set();
        sharedEvent.Reset();

        Enumerable.Range(0, 3).Select(_ => child.ReadLine(Waiting.Patience)).ToArray().Should().AllBe("signaled");
        child.ReadLine(Waiting.Patience).Should().Be("done");
    }
}
