using PooledMixIn.TestSupport;

namespace PooledMixIn.Ipc.Tests;

/// <summary>
/// How the tests' <see cref="ChildProcess"/> stops a child. It matters beyond tidiness: coverlet writes each process's
/// hits in an exit handler under a named mutex, and a child killed inside that handler leaves the mutex abandoned, so
/// the next process to exit aborts with exit code 134 and fails a test that has nothing to do with it.
/// </summary>
public sealed class ChildProcessTests : IDisposable
{
    private readonly SharedMemoryRegion _region = SharedMemoryRegion.Create(4096);
    private readonly string _marker = Path.Combine(Path.GetTempPath(), $"pooledmixin-exit-handler-{Guid.NewGuid():N}");

    public void Dispose()
    {
        File.Delete(_marker);
        _region.Dispose();
    }

    [Fact]
    public void Dispose_lets_a_child_that_is_already_exiting_finish_its_exit_handler()
    {
        using (var child = IpcChild.Start(_region, "slow-exit", _marker, "exit"))
        {
            child.ReadLine(Waiting.Patience).Should().Be("exiting");
        }

        File.Exists(_marker).Should().BeTrue("Dispose, right after the child's last line, must not kill it inside its exit handler");
    }

    [Fact]
    public void A_dotnet_child_that_has_not_registered_for_SIGTERM_dies_of_it_without_running_its_exit_handler()
    {
        // Why Dispose waits instead of signalling: SIGTERM is no gentler than SIGKILL to such a child.
        using var child = IpcChild.Start(_region, "slow-exit", _marker, "block");
        child.ReadLine(Waiting.Patience).Should().Be("blocking");

        Signals.Send(child.Id, Signals.Terminate);

        child.TryWaitForExit(Waiting.Patience).Should().BeTrue();
        File.Exists(_marker).Should().BeFalse("the runtime raises no ProcessExit on SIGTERM unless the program handles it");
    }

    [Fact]
    public void Stop_reports_a_child_that_exits_within_its_grace()
    {
        using var child = IpcChild.Start(_region, "slow-exit", _marker, "block");
        child.ReadLine(Waiting.Patience).Should().Be("blocking");

        child.Stop(ChildProcess.DisposeGrace).Should().BeTrue();
        child.HasExited.Should().BeTrue();
    }
}
