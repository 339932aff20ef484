using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

public sealed class ForkingTests
{
    private static readonly TimeSpan QueuedWindow = TimeSpan.FromSeconds(2);

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
    public async Task At_MaxChildren_a_new_connection_waits_for_a_child_to_finish_and_is_not_dropped()
    {
        using var server = TestServer.Forking("--max-children", "2");

        // /hold answers, then keeps its child busy: two such requests fill both slots, each child known by its answer.
        var busy = Enumerable.Range(0, 2).Select(i => server.GetDemoLine($"/hold-{i}?ms=60000").ProcessId).ToList();
        using var queuedClient = RawHttpClient.Connect(server.EndPoint);
        queuedClient.Send("GET /queued HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var queued = Task.Factory.StartNew(queuedClient.ReadResponse, TaskCreationOptions.LongRunning);
        try
        {
            // The one bounded look for something that must not happen: a server without the bound starts a third
            // child and answers in a few hundred milliseconds; this one keeps the connection queued while we look.
            (await Task.WhenAny(queued, Task.Delay(QueuedWindow))).Should().NotBeSameAs(queued, "both slots are held"); // sync-ok: a window, not a wait
            LinuxProcesses.ChildrenOf(server.Pid).Count(LinuxProcesses.IsRunning).Should().Be(2, "no more than MaxChildren run");

            Signals.Send(busy[0], Signals.Kill); // its end frees a slot
            var answer = DemoLine.Parse((await queued.WaitAsync(TestTimeouts.Operation)).Text);

            answer.Uri.Should().Be("/queued", "the queued connection is served, not dropped");
            answer.ParentProcessId.Should().Be(server.Pid);
            busy.Should().NotContain(answer.ProcessId, "a new child serves it");
        }
        finally
        {
            foreach (var pid in busy.Where(LinuxProcesses.IsRunning))
            {
                try
                {
                    Signals.Send(pid, Signals.Kill);
                }
                catch (IOException)
                {
                    // It exited meanwhile: nothing left to stop.
                }
            }
        }
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
