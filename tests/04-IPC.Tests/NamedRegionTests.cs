namespace PooledMixIn.Ipc.Tests;

/// <summary>
/// Regions with a name in /dev/shm: created private, unlinked on Dispose, never reused after a crash.
/// These tests run in a collection of their own, after and not beside the others, so that "nothing of
/// this process is left in /dev/shm" is a statement about them alone.
/// </summary>
[Collection(DevShmTests.Name)]
public sealed class NamedRegionTests : IDisposable
{
    // The helper program always adopts an inherited region; this one only carries it.
    private readonly SharedMemoryRegion _anyRegion = SharedMemoryRegion.Create(4096);

    public void Dispose()
    {
        _anyRegion.Dispose();
        DevShm.EntriesOf(Environment.ProcessId).Should().BeEmpty("every named region was disposed or deleted");
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
    public void A_region_can_be_handed_over_by_name_instead_of_by_descriptor()
    {
        using var named = SharedMemoryRegion.CreateNamed(4096);
        using var opened = SharedMemoryRegion.OpenNamed(named.Name!);
        using var semaphore = SharedSemaphore.Create(named, 0, initialCount: 0);
        using var sameSemaphore = SharedSemaphore.Open(opened, 0);
        using var child = IpcChild.Start(opened, "sem-wait", 0, 10_000);
        Waiting.Until(() => semaphore.WaiterCount == 1, "the child blocks in Wait");

        semaphore.Release();

        child.ReadLine(Waiting.Patience).Should().StartWith("acquired");
        sameSemaphore.CurrentCount.Should().Be(0);
    }

    [Fact]
    public void A_crashed_creator_leaves_its_named_region_which_a_new_run_never_reuses_and_can_delete()
    {
        string leftover;
        using (var crashed = IpcChild.Start(_anyRegion, "create-named"))
        {
            leftover = crashed.ReadLine(Waiting.Patience)["named ".Length..];
            crashed.Kill();
        }

        try
        {
            File.Exists("/dev/shm/" + leftover).Should().BeTrue("SIGKILL ran no Dispose: the name stays");
            using (var fresh = SharedMemoryRegion.CreateNamed(4096))
            {
                fresh.Name.Should().NotBe(leftover, "every run picks a new random name and creates it O_EXCL");
            }

            SharedMemoryRegion.DeleteOrphans().Should().Contain(leftover);
            File.Exists("/dev/shm/" + leftover).Should().BeFalse();
        }
        finally
        {
            File.Delete("/dev/shm/" + leftover);
        }
    }

    [Fact]
    public void DeleteOrphans_keeps_the_regions_of_live_processes()
    {
        using var mine = SharedMemoryRegion.CreateNamed(4096);

        SharedMemoryRegion.DeleteOrphans().Should().NotContain(mine.Name);

        File.Exists("/dev/shm/" + mine.Name).Should().BeTrue();
    }
}
