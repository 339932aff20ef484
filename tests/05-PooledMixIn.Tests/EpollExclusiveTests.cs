using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// <see cref="AcceptStrategy.EpollExclusive"/>, seen from the kernel's side: a worker's epoll instance holds the
/// listening socket exactly while the worker has an idle thread. <c>/proc/PID/fdinfo</c> lists an epoll instance's
/// registrations, one <c>tfd:</c> line each.
/// </summary>
public sealed class EpollExclusiveTests
{
    [Fact]
    public void A_worker_is_registered_on_the_listening_socket_only_while_it_has_an_idle_thread()
    {
        using var server = PoolServer.Start(processes: 1, threads: 1, "epoll-exclusive");
        var worker = server.Workers.Single();
        var listening = ListeningSockets.On(server.Process.EndPoint.Port).Single().Inode;
        server.Get("/first"); // the only thread has served and come back: from here on it is idle, or about to be

        Eventually.Until(() => RegistrationsOf(worker, listening) == 1, TestTimeouts.Operation, "the idle worker registered");

        using (Hold(server, "/hold-busy?ms=5000"))
        {
            // The thread ended its turn before its handler ran, so by the handler's announcement it was taken off.
            RegistrationsOf(worker, listening).Should().Be(0, "a worker whose every thread is busy must not be picked by the kernel");
        }

        server.Get("/after"); // queued until the held thread is free again, then served by it
        Eventually.Until(() => RegistrationsOf(worker, listening) == 1, TestTimeouts.Operation, "the worker registered again");
    }

    [Fact]
    public void Connections_queued_while_one_worker_is_busy_go_to_the_idle_worker()
    {
        using var server = PoolServer.Start(processes: 2, threads: 1, "epoll-exclusive");
        using var held = Hold(server, "/hold-one?ms=5000");
        var busy = DemoLine.Parse(held.ReadResponse().Text).ProcessId;

        var lines = Enumerable.Range(0, 5).Select(i => server.Get($"/while-busy-{i}")).ToList();

        lines.Should().OnlyContain(line => line.ProcessId != busy && server.Workers.Contains(line.ProcessId),
            "the busy worker is off the socket's wait queue, so every connection goes to the other one");
    }

    [Fact]
    public void In_the_event_form_a_worker_is_registered_only_while_its_poller_has_room()
    {
        // The event form's "idle thread" is room in the poller. Two connections that have begun their requests fill a
        // poller of two: neither may be closed for room, so the worker must leave the socket's wait queue.
        using var server = PoolServer.Start(processes: 1, threads: 1, "epoll-exclusive", "--connections", "event", "--max-parked", "2");
        var worker = server.Workers.Single();
        var listening = ListeningSockets.On(server.Process.EndPoint.Port).Single().Inode;
        Eventually.Until(() => RegistrationsOf(worker, listening) == 1, TestTimeouts.Operation, "the worker with room registered");

        using var first = RawHttpClient.Connect(server.Process.EndPoint);
        using var second = RawHttpClient.Connect(server.Process.EndPoint);
        first.Send("GET /first HTTP/1.1\r\n");
        second.Send("GET /second HTTP/1.1\r\n");
        Eventually.Until(() => RegistrationsOf(worker, listening) == 0, TestTimeouts.Operation,
            "a worker whose poller is full of requests begun must not be picked by the kernel");

        first.Send("Host: t\r\nConnection: close\r\n\r\n");
        DemoLine.Parse(first.ReadResponse().Text).Uri.Should().Be("/first");
        Eventually.Until(() => RegistrationsOf(worker, listening) == 1, TestTimeouts.Operation, "room again: registered again");
    }

    /// <summary>How many of the worker's epoll registrations watch the socket with inode <paramref name="inode"/>.</summary>
    private static int RegistrationsOf(int pid, string inode)
    {
        var hexInode = $"ino:{long.Parse(inode, CultureInfo.InvariantCulture):x} "; // fdinfo prints it in hex
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == "anon_inode:[eventpoll]")
                {
                    count += File.ReadLines($"/proc/{pid}/fdinfo/{System.IO.Path.GetFileName(fd)}")
                        .Count(l => l.StartsWith("tfd:", StringComparison.Ordinal) && l.Contains(hexInode, StringComparison.Ordinal));
                }
            }
            catch (IOException)
            {
                // Closed between the listing and now.
            }
        }

        return count;
    }

    private static RawHttpClient Hold(PoolServer server, string path)
    {
        var client = RawHttpClient.Connect(server.Process.EndPoint);
        client.Send($"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        server.Process.Child.WaitForLine(l => l.EndsWith($"uri={path}", StringComparison.Ordinal), TestTimeouts.Operation);
        return client;
    }
}
