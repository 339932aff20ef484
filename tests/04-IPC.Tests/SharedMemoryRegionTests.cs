namespace PooledMixIn.Ipc.Tests;

public sealed class SharedMemoryRegionTests
{
    [Fact]
    public void Create_gives_a_zeroed_region_of_the_requested_size()
    {
        using var region = SharedMemoryRegion.Create(4096);

        region.Size.Should().Be(4096);
        region.Name.Should().BeNull();
        new SharedArray<long>(region, 0, 512).AsSpan().ToArray().Should().OnlyContain(word => word == 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Create_rejects_sizes_below_one(long size)
    {
        var create = () => SharedMemoryRegion.Create(size);

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("size");
    }

    [Fact]
    public void A_memfd_region_is_an_anonymous_file_outside_dev_shm()
    {
        using var region = SharedMemoryRegion.Create(4096, "layer4-test");

        // /proc/self/fd/N of a memfd points to "/memfd:<label> (deleted)": no name in any file system.
        string? target = new FileInfo($"/proc/self/fd/{region.FileHandle.FileDescriptor}").LinkTarget;

        target.Should().StartWith("/memfd:layer4-test");
    }

    [Fact]
    public void Using_a_view_after_the_region_is_disposed_throws_ObjectDisposedException()
    {
        var region = SharedMemoryRegion.Create(4096);
        var value = new SharedValue<int>(region, 0);
        region.Dispose();

        value.Invoking(v => v.Read()).Should().Throw<ObjectDisposedException>();
        region.IsDisposed.Should().BeTrue();
        region.Invoking(r => r.AllowInheritance()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void FromHandle_maps_the_same_memory_through_another_descriptor()
    {
        using var original = SharedMemoryRegion.Create(8192);
        new SharedValue<int>(original, 4096).Write(7);

        // What a worker does with a descriptor it inherited or received with SCM_RIGHTS: here, a dup via /proc.
        int duplicate = DuplicateViaProc(original.FileHandle.FileDescriptor);
        using var adopted = SharedMemoryRegion.FromHandle(new SafeFileDescriptorHandle(duplicate, ownsHandle: true));

        adopted.Size.Should().Be(8192);
        new SharedValue<int>(adopted, 4096).Read().Should().Be(7);
    }

    [Fact]
    public void Adopting_an_invalid_descriptor_is_rejected()
    {
        var negative = () => SharedMemoryRegion.OpenInherited(-1);
        var closed = new SafeFileDescriptorHandle(-1, ownsHandle: true);
        var invalid = () => SharedMemoryRegion.FromHandle(closed);

        negative.Should().Throw<ArgumentOutOfRangeException>();
        invalid.Should().Throw<ArgumentException>().WithParameterName("handle");
    }

    [Fact]
    public void AllowInheritance_clears_close_on_exec_only_while_the_scope_is_open()
    {
        using var region = SharedMemoryRegion.Create(4096);
        int fd = region.FileHandle.FileDescriptor;

        IsCloseOnExec(fd).Should().BeTrue("a fresh region must not leak into children");
        using (region.AllowInheritance())
        {
            IsCloseOnExec(fd).Should().BeFalse();
        }

        IsCloseOnExec(fd).Should().BeTrue();
    }

    [Fact]
    public void Nested_inheritance_scopes_restore_close_on_exec_only_when_the_last_one_ends()
    {
        using var region = SharedMemoryRegion.Create(4096);
        int fd = region.FileHandle.FileDescriptor;

        var outer = region.AllowInheritance();
        using (region.AllowInheritance())
        {
            IsCloseOnExec(fd).Should().BeFalse();
        }

        IsCloseOnExec(fd).Should().BeFalse("the outer scope is still open");
        outer.Dispose();
        outer.Dispose();
        IsCloseOnExec(fd).Should().BeTrue("disposing a scope twice counts once");
    }

    [Fact]
    public void Objects_in_a_disposed_region_throw_ObjectDisposedException()
    {
        var region = SharedMemoryRegion.Create(4096);
        using var semaphore = SharedSemaphore.Create(region, 0, initialCount: 1);
        using var sharedEvent = SharedEvent.Create(region, 64, initialState: true);
        region.Dispose();

        semaphore.Invoking(s => s.Wait(0)).Should().Throw<ObjectDisposedException>();
        semaphore.Invoking(s => s.Release()).Should().Throw<ObjectDisposedException>();
        sharedEvent.Invoking(e => e.Set()).Should().Throw<ObjectDisposedException>();
        var open = () => SharedSemaphore.Open(region, 0);
        open.Should().Throw<ObjectDisposedException>();
    }

    private static int DuplicateViaProc(int fd)
    {
        // Opening /proc/self/fd/N of a memfd opens the same anonymous file again: a second, independent descriptor.
        int duplicate = Interop.Libc.Open($"/proc/self/fd/{fd}", Interop.Libc.O_RDWR | Interop.Libc.O_CLOEXEC, 0);
        duplicate.Should().BeGreaterThanOrEqualTo(0);
        return duplicate;
    }

    private static bool IsCloseOnExec(int fd)
    {
        // /proc/self/fdinfo/N has "flags: 0NNNNNNN" in octal; O_CLOEXEC is 02000000.
        string flagsLine = File.ReadLines($"/proc/self/fdinfo/{fd}").First(line => line.StartsWith("flags:", StringComparison.Ordinal));
        long flags = Convert.ToInt64(flagsLine["flags:".Length..].Trim(), 8);
        return (flags & 0x80000) != 0;
    }
}
