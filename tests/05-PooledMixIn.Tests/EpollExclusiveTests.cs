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
        server.Get("/first"); // the only thread has served and come back: from here on it is idle, or about to be

        Eventually.Until(() => ListeningRegistrations(worker) == 1, TestTimeouts.Operation, "the idle worker registered");

        using (Hold(server, "/hold-busy?ms=5000"))
        {
            // The thread ended its turn before its handler ran, so by the handler's announcement it was taken off.
            ListeningRegistrations(worker).Should().Be(0, "a worker whose every thread is busy must not be picked by the kernel");
        }

        server.Get("/after"); // queued until the held thread is free again, then served by it
        Eventually.Until(() => ListeningRegistrations(worker) == 1, TestTimeouts.Operation, "the worker registered again");
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
        var listening = ListeningSocketInode(server.Process.EndPoint.Port);
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

    /// <summary>How many descriptors the worker's epoll instances watch: the listening socket, or nothing.</summary>
    private static int ListeningRegistrations(int pid)
    {
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string target;
            try
            {
                target = new FileInfo(fd).LinkTarget ?? "";
            }
            catch (IOException)
            {
                continue; // closed between the listing and now
            }

            if (target == "anon_inode:[eventpoll]")
            {
                count += File.ReadLines($"/proc/{pid}/fdinfo/{System.IO.Path.GetFileName(fd)}").Count(l => l.StartsWith("tfd:", StringComparison.Ordinal));
            }
        }

        return count;
    }

    /// <summary>How many of the worker's epoll registrations watch the socket with inode <paramref name="inode"/>.</summary>
    private static int RegistrationsOf(int pid, long inode)
    {
        var hexInode = $"ino:{inode:x} ";
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

    /// <summary>The inode of the socket listening on <paramref name="port"/> (state 0A in /proc/net/tcp).</summary>
    private static long ListeningSocketInode(int port)
    {
        var hexPort = port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[1].EndsWith($":{hexPort}", StringComparison.Ordinal) && fields[3] == "0A")
            .Select(fields => long.Parse(fields[9], System.Globalization.CultureInfo.InvariantCulture))
            .Single();
    }

    private static RawHttpClient Hold(PoolServer server, string path)
    {
        var client = RawHttpClient.Connect(server.Process.EndPoint);
        client.Send($"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        server.Process.Child.WaitForLine(l => l.EndsWith($"uri={path}", StringComparison.Ordinal), TestTimeouts.Operation);
        return client;
    }
}
