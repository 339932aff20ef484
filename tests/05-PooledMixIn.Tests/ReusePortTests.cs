using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// <see cref="AcceptStrategy.ReusePort"/>: a listening socket per worker, and its known price, shown rather than
/// hidden: the connections queued on a worker that dies are reset.
/// </summary>
public sealed class ReusePortTests
{
    private const int SignalStop = 19; // SIGSTOP on x86-64: the worker stays alive, its socket open, its threads still
    private const int QueuedConnections = 24;

    [Fact]
    public void Every_worker_listens_on_a_socket_of_its_own_and_the_server_process_listens_on_none()
    {
        using var server = PoolServer.Start(processes: 2, threads: 2, "reuseport");
        var port = ((System.Net.IPEndPoint)server.Process.EndPoint).Port;

        var listening = ListeningSockets.On(port).Select(socket => socket.Inode).ToHashSet();

        listening.Should().HaveCount(2, "one listening socket per worker, all on the same port");
        server.Workers.Select(pid => listening.Count(inode => SocketInodesOf(pid).Contains(inode))).Should().Equal(1, 1);
        SocketInodesOf(server.Pid).Should().NotIntersectWith(listening,
            "the server process holds the port without listening, or it would be given connections nobody accepts");
    }

    #region test-reuseport-price
    [Fact]
    public void The_connections_queued_on_a_worker_that_dies_are_reset_unless_the_kernel_migrates_them()
    {
        using var server = PoolServer.Start(processes: 2, threads: 1, "reuseport");
        var (victim, survivor) = (server.Workers[0], server.Workers[1]);
        Signals.Send(victim, SignalStop); // its socket still takes its share of connections, and nobody accepts them

        // The kernel hashes each connection to one of the two sockets: about half queue behind the stopped worker.
        // (All 24 going to the survivor would take a 1-in-16-million hash draw.)
        var clients = Enumerable.Range(0, QueuedConnections).Select(_ => RawHttpClient.Connect(server.Process.EndPoint)).ToList();
        try
        {
            for (var i = 0; i < clients.Count; i++)
            {
                clients[i].Send($"GET /queued-{i} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            }

            Signals.Send(victim, Signals.Kill);
            var outcomes = clients.Select(Outcome).ToList();

            var served = outcomes.Where(o => o.Line is not null).ToList();
            var lost = outcomes.Count(o => o.Line is null);
            served.Should().OnlyContain(o => o.Line!.ProcessId == survivor);
            if (MigratesQueuedConnections())
            {
                lost.Should().Be(0, "net.ipv4.tcp_migrate_req=1 moves a closing socket's queue to another of its group");
            }
            else
            {
                lost.Should().BePositive("the price of a socket per worker: its queue dies with it");
                (lost + served.Count).Should().Be(QueuedConnections, "every other connection is served by the survivor");
            }
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }
    #endregion

    /// <summary>The answer, or <see langword="null"/> when the connection was reset or closed without one; a wait
    /// that runs out is neither, and fails the test.</summary>
    private static (DemoLine? Line, string? Error) Outcome(RawHttpClient client)
    {
        try
        {
            return (DemoLine.Parse(client.ReadResponse().Text), null);
        }
        catch (IOException exception) when (exception.InnerException is not SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            return (null, exception.Message);
        }
    }

    private static bool MigratesQueuedConnections() =>
        File.Exists("/proc/sys/net/ipv4/tcp_migrate_req") && File.ReadAllText("/proc/sys/net/ipv4/tcp_migrate_req").Trim() == "1";

    private static HashSet<string> SocketInodesOf(int pid) =>
        [.. LinuxProcesses.OpenDescriptors(pid)
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])];
}
