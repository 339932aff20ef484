using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The event form's poller in process, over real loopback connections: its epoll layout and its bound.</summary>
public sealed class ConnectionPollerTests : IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _sockets = [];
    private readonly List<ParkedConnection> _ready = [];

    public ConnectionPollerTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
    }

    [Fact]
    public void The_epoll_event_layout_is_the_running_machines_packed_on_x86_64_only()
    {
        var expected = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16; // glibc's __EPOLL_PACKED

        EpollEvents.Size.Should().Be(expected, $"struct epoll_event on {RuntimeInformation.ProcessArchitecture}");
    }

    [Fact]
    public void Parked_connections_whose_heads_arrive_together_are_each_handed_over_as_themselves()
    {
        using var poller = NewPoller(capacity: 4);
        var (idleClient, idle) = Connect();
        var (firstClient, first) = Connect();
        var (secondClient, second) = Connect();
        foreach (var socket in new[] { idle, first, second })
        {
            poller.Park(socket, socket.RemoteEndPoint!, keptAlive: false);
        }

        // Both heads before the first wait: one epoll_wait returns both events, so a wrong stride misreads the second.
        firstClient.Send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n"u8);
        secondClient.Send("GET /second HTTP/1.1\r\nHost: x\r\n\r\n"u8);
        WaitForBytes(first);
        WaitForBytes(second);
        PollUntil(poller, () => _ready.Count == 2);

        _ready.Select(c => c.Socket).Should().BeEquivalentTo([first, second], "each event's data, read back in this layout, names its connection");
        poller.Count.Should().Be(1, "the idle connection stays parked");
        idleClient.Poll(0, SelectMode.SelectRead).Should().BeFalse();
    }

    [Fact]
    public void Past_the_bound_a_connection_whose_bytes_wait_unseen_in_the_kernel_is_not_taken_for_idle()
    {
        using var poller = NewPoller(capacity: 2);
        var (startedClient, started) = Connect();
        var (idleClient, idle) = Connect();
        var (_, newcomer) = Connect();
        poller.Park(started, started.RemoteEndPoint!, keptAlive: false);
        startedClient.Send("GET /started HTTP/1.1\r\n"u8); // half a head, not yet seen by the poller: no PollOnce
        WaitForBytes(started);
        poller.Park(idle, idle.RemoteEndPoint!, keptAlive: false);

        poller.WaitForRoom(TimeSpan.Zero).Should().BeTrue("an idle connection can make room");
        poller.Park(newcomer, newcomer.RemoteEndPoint!, keptAlive: false);

        IsClosedByServer(idleClient).Should().BeTrue("the oldest idle connection made room");
        startedClient.Send("Host: x\r\n\r\n"u8);
        PollUntil(poller, () => _ready.Count == 1);
        _ready.Single().Socket.Should().BeSameAs(started, "a request in progress is never dropped for room");
    }

    [Fact]
    public void A_full_poller_closes_nothing_until_a_new_connection_is_parked()
    {
        using var poller = NewPoller(capacity: 1);
        var (idleClient, idle) = Connect();
        poller.Park(idle, idle.RemoteEndPoint!, keptAlive: false);

        poller.WaitForRoom(TimeSpan.Zero).Should().BeTrue();
        poller.WaitForRoom(TimeSpan.Zero).Should().BeTrue("asking twice still closes nothing");

        poller.Count.Should().Be(1);
        idleClient.Poll(0, SelectMode.SelectRead).Should().BeFalse("the idle connection is still open: no FIN, no reset");
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _listener.Dispose();
    }

    private static void WaitForBytes(Socket socket) =>
        Eventually.Until(() => socket.Available > 0, TestTimeouts.Operation, "the client's bytes in the server socket's receive queue");

    private static bool IsClosedByServer(Socket client)
    {
        client.ReceiveTimeout = (int)TestTimeouts.Operation.TotalMilliseconds;
        try
        {
            return client.Receive(new byte[1]) == 0;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    /// <summary>A poller whose hand-overs land in <see cref="_ready"/>, on the thread that polls: this test's.</summary>
    private ConnectionPoller NewPoller(int capacity) =>
        new(HttpRequestLimits.Default, capacity, _ready.Add, keptAliveEnded: () => { });

    private static void PollUntil(ConnectionPoller poller, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Operation;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the poller hands the connection over");
            poller.PollOnce(s_poll);
        }
    }

    private (Socket Client, Socket Server) Connect()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(client);
        client.Connect(_listener.LocalEndPoint!);
        var server = _listener.Accept();
        _sockets.Add(server);
        return (client, server);
    }
}
