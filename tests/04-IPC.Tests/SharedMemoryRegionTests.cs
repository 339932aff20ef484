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
    public void A_memfd_region_never_appears_in_dev_shm()
    {
        using (SharedMemoryRegion.Create(4096))
        {
            DevShm.EntriesOf(Environment.ProcessId).Should().BeEmpty();
        }
    }

    [Fact]
    public void CreateNamed_makes_a_private_file_and_Dispose_unlinks_it()
    {
        string path;
        using (var region = SharedMemoryRegion.CreateNamed(4096))
        {
            path = "/dev/shm/" + region.Name;
            File.Exists(path).Should().BeTrue();
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            region.Name.Should().StartWith($"{SharedMemoryRegion.NamePrefix}{Environment.ProcessId}-").And.HaveLength(SharedMemoryRegion.NamePrefix.Length + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1 + 32);
        }

        File.Exists(path).Should().BeFalse();
        DevShm.EntriesOf(Environment.ProcessId).Should().BeEmpty();
    }

    [Fact]
    public void OpenNamed_maps_the_same_memory()
    {
        using var created = SharedMemoryRegion.CreateNamed(4096);
        using var opened = SharedMemoryRegion.OpenNamed(created.Name!);

        new SharedValue<long>(created, 64).Write(42);

        opened.Size.Should().Be(4096);
        new SharedValue<long>(opened, 64).Read().Should().Be(42);
    }

    [Theory]
    [InlineData("not-ours")]
    [InlineData("pooledmixin-../../etc/passwd")]
    public void OpenNamed_refuses_names_this_library_did_not_make(string name)
    {
        var open = () => SharedMemoryRegion.OpenNamed(name);

        open.Should().Throw<ArgumentException>().WithParameterName("name");
    }

    [Fact]
    public void OpenNamed_refuses_a_file_that_is_not_mode_0600()
    {
        string name = $"{SharedMemoryRegion.NamePrefix}{Environment.ProcessId}-planted";
        string path = "/dev/shm/" + name;
        File.WriteAllBytes(path, new byte[4096]);
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var open = () => SharedMemoryRegion.OpenNamed(name);

            open.Should().Throw<UnauthorizedAccessException>();
        }
        finally
        {
            File.Delete(path);
        }
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
