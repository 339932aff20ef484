using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

public sealed class ForkingTests
{
    [Fact]
    public void Every_connection_is_served_by_a_new_child_process_of_the_server()
    {
        using var server = TestServer.Forking();

        var lines = Enumerable.Range(0, 4).Select(i => server.GetDemoLine($"/fork-{i}")).ToList();

        lines.Select(l => l.ProcessId).Distinct().Should().HaveCount(4).And.NotContain(server.Pid);
        lines.Should().OnlyContain(l => l.ParentProcessId == server.Pid);
        lines.Select(l => l.Uri).Should().Equal("/fork-0", "/fork-1", "/fork-2", "/fork-3");
    }

    [Fact]
    public void At_MaxChildren_new_connections_wait_for_a_free_slot_and_none_is_dropped()
    {
        using var server = TestServer.Forking("--max-children", "2");

        var responses = Concurrently.Run(5, i => server.Get($"/slow-max-{i}?ms=500"));

        responses.Should().OnlyContain(r => r.StatusCode == 200);
        responses.Select(r => DemoLine.Parse(r.Text).Uri).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Children_are_reaped_so_no_zombie_is_left()
    {
        using var server = TestServer.Forking();
        Concurrently.Run(4, i => server.GetDemoLine($"/reap-{i}"));

        Eventually.Until(() => LinuxProcesses.ChildrenOf(server.Pid).Count == 0, TestTimeouts.Operation,
            "every child to exit and be reaped (a zombie still counts as a child)");
    }

    [Fact]
    public void GET_shutdown_in_a_child_stops_the_server()
    {
        using var server = TestServer.Forking();

        server.GetDemoLine("/shutdown").ParentProcessId.Should().Be(server.Pid);

        server.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0);
    }
}
