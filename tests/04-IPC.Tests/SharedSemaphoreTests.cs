using System.Diagnostics;

namespace PooledMixIn.Ipc.Tests;

public sealed class SharedSemaphoreTests : IDisposable
{
    private readonly SharedMemoryRegion _region = SharedMemoryRegion.Create(4096);

    public void Dispose() => _region.Dispose();

    [Fact]
    public void Tokens_are_taken_until_none_is_left()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 2, maximumCount: 5);

        semaphore.Wait(0).Should().BeTrue();
        semaphore.Wait(0).Should().BeTrue();
        semaphore.Wait(0).Should().BeFalse();
        semaphore.CurrentCount.Should().Be(0);
        semaphore.MaximumCount.Should().Be(5);
    }

    [Fact]
    public void Release_returns_the_previous_count()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 1, maximumCount: 5);

        semaphore.Release(3).Should().Be(1);
        semaphore.CurrentCount.Should().Be(4);
    }

    [Fact]
    public void Release_beyond_the_maximum_throws_and_releases_nothing()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, initialCount: 1, maximumCount: 2);

        semaphore.Invoking(s => s.Release(2)).Should().Throw<SemaphoreFullException>().WithMessage("*maximum of 2*");
        semaphore.CurrentCount.Should().Be(1);
    }

    [Theory]
    [InlineData(-1, 1, "initialCount")]
    [InlineData(0, 0, "maximumCount")]
    [InlineData(3, 2, "initialCount")]
    public void Create_rejects_impossible_counts(int initial, int maximum, string parameter)
    {
        var create = () => SharedSemaphore.Create(_region, 0, initial, maximum);

        create.Should().Throw<ArgumentException>().WithParameterName(parameter);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(4096 - 32)]
    public void Create_rejects_misaligned_or_too_small_places(long offset)
    {
        var create = () => SharedSemaphore.Create(_region, offset, 0);

        create.Should().Throw<ArgumentException>().WithParameterName("offset");
    }

    [Fact]
    public void Open_where_no_semaphore_was_created_explains_the_mistake()
    {
        var open = () => SharedSemaphore.Open(_region, 128);

        open.Should().Throw<InvalidOperationException>().WithMessage("No SharedSemaphore at offset 128*");
    }

    [Fact]
    public void Release_with_a_count_below_one_is_rejected()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, 0);

        semaphore.Invoking(s => s.Release(0)).Should().Throw<ArgumentOutOfRangeException>();
        semaphore.Invoking(s => s.Wait(-2)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Every_operation_after_Dispose_throws_ObjectDisposedException()
    {
        var semaphore = SharedSemaphore.Create(_region, 0, 1);
        semaphore.Dispose();

        semaphore.Invoking(s => s.Wait(0)).Should().Throw<ObjectDisposedException>();
        semaphore.Invoking(s => s.Release()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Wait_with_a_timeout_gives_up_once_the_timeout_has_passed()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, 0);
        var clock = Stopwatch.StartNew();

        bool taken = semaphore.Wait(TimeSpan.FromMilliseconds(200));

        taken.Should().BeFalse();
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(190, "not before its timeout");
        semaphore.WaiterCount.Should().Be(0, "a waiter that gave up no longer counts");
    }

    [Fact]
    public async Task Release_wakes_a_thread_blocked_in_Wait()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, 0);
        var waiter = Task.Factory.StartNew(() => semaphore.Wait(Waiting.Patience), TaskCreationOptions.LongRunning);
        Waiting.Until(() => semaphore.WaiterCount == 1, "the waiter blocks");

        semaphore.Release();

        (await waiter.WaitAsync(Waiting.Patience)).Should().BeTrue();
        semaphore.CurrentCount.Should().Be(0, "the waiter consumed the token");
    }

    [Fact]
    public async Task Cancellation_releases_a_blocked_waiter()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, 0);
        using var cancellation = new CancellationTokenSource();
        var waiter = Task.Factory.StartNew(() => semaphore.Wait(cancellation.Token), TaskCreationOptions.LongRunning);
        Waiting.Until(() => semaphore.WaiterCount == 1, "the waiter blocks");

        cancellation.Cancel();

        await waiter.Awaiting(w => w.WaitAsync(Waiting.Patience)).Should().ThrowAsync<OperationCanceledException>();
        semaphore.CurrentCount.Should().Be(0);
    }

    [Fact]
    public async Task Cancelling_one_waiter_neither_loses_nor_steals_the_next_token()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, 0);
        using var cancellation = new CancellationTokenSource();
        var cancelled = Task.Factory.StartNew(() => semaphore.Wait(cancellation.Token), TaskCreationOptions.LongRunning);
        var patient = Task.Factory.StartNew(() => semaphore.Wait(Waiting.Patience), TaskCreationOptions.LongRunning);
        Waiting.Until(() => semaphore.WaiterCount == 2, "both waiters block");

        cancellation.Cancel();
        await cancelled.Awaiting(w => w.WaitAsync(Waiting.Patience)).Should().ThrowAsync<OperationCanceledException>();
        semaphore.Release();

        (await patient.WaitAsync(Waiting.Patience)).Should().BeTrue("the cancel woke it, but it went back to sleep and got the token");
        semaphore.CurrentCount.Should().Be(0);
        semaphore.WaiterCount.Should().Be(0);
    }

    [Fact]
    public void An_already_cancelled_token_throws_before_taking_a_token()
    {
        using var semaphore = SharedSemaphore.Create(_region, 0, 1);

        semaphore.Invoking(s => s.Wait(new CancellationToken(canceled: true))).Should().Throw<OperationCanceledException>();
        semaphore.CurrentCount.Should().Be(1);
    }

    [Fact]
    public async Task Dispose_releases_waiters_of_this_process_with_ObjectDisposedException()
    {
        var semaphore = SharedSemaphore.Create(_region, 0, 0);
        var waiter = Task.Factory.StartNew(() => semaphore.Wait(), TaskCreationOptions.LongRunning);
        Waiting.Until(() => semaphore.WaiterCount == 1, "the waiter blocks");

        semaphore.Dispose();

        await waiter.Awaiting(w => w.WaitAsync(Waiting.Patience)).Should().ThrowAsync<ObjectDisposedException>();
    }
}
