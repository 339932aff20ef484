namespace PooledMixIn.Ipc.Tests;

public sealed class SharedValueTests
{
    [Fact]
    public void Atomic_operations_return_what_Interlocked_returns()
    {
        using var region = SharedMemoryRegion.Create(4096);
        var value = new SharedValue<long>(region, 8);

        value.Increment().Should().Be(1);
        value.Add(41).Should().Be(42);
        value.Decrement().Should().Be(41);
        value.CompareExchange(7, comparand: 41).Should().Be(41);
        value.CompareExchange(9, comparand: 41).Should().Be(7, "the comparand no longer matches");
        value.Exchange(100).Should().Be(7);
        value.Read().Should().Be(100);
    }

    [Fact]
    public void Unsigned_values_wrap_like_unsigned_integers()
    {
        using var region = SharedMemoryRegion.Create(4096);
        var value = new SharedValue<uint>(region, 0);

        value.Decrement().Should().Be(uint.MaxValue);
        value.Increment().Should().Be(0u);
    }

    [Fact]
    public void Two_views_of_one_offset_see_the_same_integer()
    {
        using var region = SharedMemoryRegion.Create(4096);
        new SharedValue<int>(region, 4).Write(5);

        new SharedValue<int>(region, 4).Read().Should().Be(5);
        new SharedValue<int>(region, 0).Read().Should().Be(0);
    }

    [Fact]
    public void Only_integer_types_Interlocked_supports_are_allowed()
    {
        using var region = SharedMemoryRegion.Create(4096);

        var create = () => new SharedValue<double>(region, 0);

        create.Should().Throw<NotSupportedException>().WithMessage("*int, uint, long or ulong*");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-8)]
    [InlineData(4096)]
    public void Offsets_that_are_misaligned_or_outside_the_region_are_rejected(long offset)
    {
        using var region = SharedMemoryRegion.Create(4096);

        var create = () => new SharedValue<long>(region, offset);

        create.Should().Throw<ArgumentException>().WithParameterName("offset");
    }

    [Fact]
    public void SharedArray_slots_are_addressable_by_reference_and_bounds_checked()
    {
        using var region = SharedMemoryRegion.Create(4096);
        var slots = new SharedArray<Slot>(region, 64, 4);

        slots[2].Pid = Environment.ProcessId;
        slots[2].Requests = 3;
        Interlocked.Increment(ref slots[2].Requests);

        new SharedArray<Slot>(region, 64, 4)[2].Requests.Should().Be(4);
        slots[2].Pid.Should().Be(Environment.ProcessId);
        slots.Invoking(s => s[4].State = 1).Should().Throw<ArgumentOutOfRangeException>();
        var tooLong = () => new SharedArray<Slot>(region, 64, 4096);
        tooLong.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("offset");
    }

    private struct Slot
    {
        public int State;
        public int Pid;
        public long Requests;
    }
}
