using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// The server process dies without running a line of its own code (<c>kill -9</c>, the OOM killer). Its workers must
/// not live on as orphans holding the listening socket, or the port stays taken and a restarted server cannot bind.
/// </summary>
[Trait(FaultCategory.Name, FaultCategory.Value)]
public sealed class ServerKillTests
{
    private static readonly TimeSpan s_workersGoneWithin = TimeSpan.FromSeconds(2);

    [Fact]
    public void Killing_the_server_with_SIGKILL_ends_every_worker_within_2_s_and_frees_the_port()
    {
        using var server = DemoServer.Start(processes: 3, threads: 4);
        var workers = server.Workers();
        var port = server.Process.EndPoint.Port;
        server.Get("/before-the-kill");

        Signals.Send(server.Pid, Signals.Kill);
        var clock = Stopwatch.StartNew();
        server.Process.Child.WaitForExit(TestTimeouts.Operation);
        Eventually.Until(() => !workers.Any(LinuxProcesses.IsRunning), TestTimeouts.Operation, "every orphaned worker gone");
        var workersGoneAfter = clock.Elapsed;

        workersGoneAfter.Should().BeLessThan(s_workersGoneWithin,
            "a worker learns of its parent's death from PR_SET_PDEATHSIG at once, not from a poll");
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var bindAgain = () =>
        {
            again.Bind(new IPEndPoint(IPAddress.Loopback, port));
            again.Listen();
        };
        bindAgain.Should().NotThrow("no process is left holding the listening socket on port {0}", port);
    }
}
