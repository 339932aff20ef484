using System.Diagnostics;

namespace PooledMixIn.Ipc.Tests;

public sealed class SharedEventTests : IDisposable
{
    private readonly SharedMemoryRegion _region = SharedMemoryRegion.Create(4096);

    public void Dispose() => _region.Dispose();

    [Fact]
    public void A_manual_reset_event_stays_set_until_Reset()
    {
        using var sharedEvent = SharedEvent.Create(_region, 0, initialState: false);

        sharedEvent.Wait(0).Should().BeFalse();
        sharedEvent.Set();
        sharedEvent.Wait(0).Should().BeTrue();
        sharedEvent.Wait(0).Should().BeTrue();
        sharedEvent.Reset();
        sharedEvent.IsSet.Should().BeFalse();
        sharedEvent.Wait(0).Should().BeFalse();
    }

    [Fact]
    public void An_auto_reset_event_lets_exactly_one_waiter_through_per_Set()
    {
        using var sharedEvent = SharedEvent.Create(_region, 0, initialState: true, EventResetMode.AutoReset);

        sharedEvent.Wait(0).Should().BeTrue();
        sharedEvent.Wait(0).Should().BeFalse();
        sharedEvent.Set();
        sharedEvent.Set();
        sharedEvent.Wait(0).Should().BeTrue();
        sharedEvent.Wait(0).Should().BeFalse("two Sets without a waiter in between are one Set");
    }

    [Fact]
    public void Open_reads_the_reset_mode_from_shared_memory()
    {
        using var created = SharedEvent.Create(_region, 64, initialState: false, EventResetMode.AutoReset);
        using var opened = SharedEvent.Open(_region, 64);

        var openNothing = () => SharedEvent.Open(_region, 128);

        opened.Mode.Should().Be(EventResetMode.AutoReset);
        openNothing.Should().Throw<InvalidOperationException>().WithMessage("No SharedEvent at offset 128*");
    }

    [Fact]
    public async Task Set_followed_at_once_by_Reset_still_wakes_every_waiting_thread()
    {
        using var sharedEvent = SharedEvent.Create(_region, 0, initialState: false);
        var waiters = Enumerable.Range(0, 4)
            .Select(_ => Task.Factory.StartNew(() => sharedEvent.Wait(Waiting.Patience), TaskCreationOptions.LongRunning))
            .ToArray();
        Waiting.Until(() => sharedEvent.WaiterCount == 4, "all four threads block");

        sharedEvent.Set();
        sharedEvent.Reset();

        bool[] woke = await Task.WhenAll(waiters).WaitAsync(Waiting.Patience);
        woke.Should().AllBeEquivalentTo(true);
    }

    [Fact]
    public void Wait_with_a_timeout_gives_up_once_the_timeout_has_passed()
    {
        using var sharedEvent = SharedEvent.Create(_region, 0, initialState: false);
        var clock = Stopwatch.StartNew();

        bool signaled = sharedEvent.Wait(TimeSpan.FromMilliseconds(200));

        signaled.Should().BeFalse();
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(190, "not before its timeout");
    }

    [Fact]
    public async Task Cancellation_releases_a_blocked_waiter()
    {
        using var sharedEvent = SharedEvent.Create(_region, 0, initialState: false);
        using var cancellation = new CancellationTokenSource();
        var waiter = Task.Factory.StartNew(() => sharedEvent.Wait(cancellation.Token), TaskCreationOptions.LongRunning);
        Waiting.Until(() => sharedEvent.WaiterCount == 1, "the waiter blocks");

        cancellation.Cancel();

        await waiter.Awaiting(w => w.WaitAsync(Waiting.Patience)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Every_operation_after_Dispose_throws_ObjectDisposedException()
    {
        var sharedEvent = SharedEvent.Create(_region, 0, initialState: false);
        sharedEvent.Dispose();

        sharedEvent.Invoking(e => e.Set()).Should().Throw<ObjectDisposedException>();
        sharedEvent.Invoking(e => e.Reset()).Should().Throw<ObjectDisposedException>();
        sharedEvent.Invoking(e => e.Wait(0)).Should().Throw<ObjectDisposedException>();
    }
}
