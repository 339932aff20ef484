namespace PooledMixIn.Ipc.Tests;

public sealed class SharedMemoryLayoutTests
{
    [Fact]
    public void Reservations_start_on_separate_cache_lines_in_call_order()
    {
        var layout = new SharedMemoryLayout();

        long semaphore = layout.ReserveSemaphore();
        long sharedEvent = layout.ReserveEvent();
        long running = layout.ReserveValue<int>();
        long slots = layout.ReserveArray<long>(10);

        new[] { semaphore, sharedEvent, running, slots }.Should().Equal(0, 64, 128, 192);
        layout.Size.Should().Be(192 + 80);
    }

    [Fact]
    public void The_same_calls_give_the_same_offsets_in_every_process()
    {
        static long[] Plan()
        {
            var layout = new SharedMemoryLayout();
            return [layout.ReserveEvent(), layout.Reserve(3, alignment: 4), layout.Reserve(8, alignment: 8), layout.Size];
        }

        Plan().Should().Equal(Plan()).And.Equal(0, 64, 72, 80);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-8)]
    public void Reserve_rejects_alignments_that_are_not_powers_of_two(int alignment)
    {
        var reserve = () => new SharedMemoryLayout().Reserve(8, alignment);

        reserve.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("alignment");
    }

    [Fact]
    public void Reserve_rejects_empty_blocks()
    {
        var reserve = () => new SharedMemoryLayout().Reserve(0);

        reserve.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("size");
    }
}
