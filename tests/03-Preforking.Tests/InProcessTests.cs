using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

/// <summary>What the process mix-ins do without starting a worker: in the server process, before the pool.</summary>
public sealed class InProcessTests
{
    [Fact]
    public void Without_a_marker_the_server_binds_its_own_socket_and_is_the_parent()
    {
        var mixIn = new PreforkingMixIn { ProcessCount = 2 };
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), mixIn);

        mixIn.Role.Should().Be(WorkerRole.Parent);
        server.IsAdoptedSocket.Should().BeFalse();
        mixIn.WorkerProcessIds.Should().BeEmpty("the pool starts with ServeForever or StartPool");
        mixIn.WorkersStarted.Should().Be(0);
    }

    [Fact]
    public void HandleRequest_in_the_server_process_serves_the_connection_in_place()
    {
        var mixIn = new PreforkingMixIn { ProcessCount = 1 };
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), mixIn)
        {
            Timeout = TestTimeouts.Operation,
        };
        using var client = RawHttpClient.Connect(server.ServerAddress);
        client.Send("GET /in-place HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        server.HandleRequest().Should().BeTrue();

        DemoLine.Parse(client.ReadResponse().Text).ProcessId.Should().Be(Environment.ProcessId);
    }

    [Fact]
    public void A_pool_of_no_processes_is_refused_with_the_setting_named()
    {
        var mixIn = new PreforkingMixIn { ProcessCount = 0 };
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), mixIn);

        mixIn.Invoking(m => m.StartPool()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ProcessCount");
    }

    [Theory]
    [InlineData("", "non-empty")]
    [InlineData("A=B", "without '='")]
    [InlineData("POOLEDMIXIN_WORKER", "the worker marker")]
    public void A_worker_environment_with_a_bad_name_is_refused_when_the_pool_starts(string name, string reason)
    {
        var mixIn = new PreforkingMixIn { ProcessCount = 1, WorkerEnvironment = { [name] = "x" } };
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), mixIn);

        mixIn.Invoking(m => m.StartPool()).Should().Throw<ArgumentException>()
            .WithParameterName("WorkerEnvironment").And.Message.Should().Contain(reason);
        mixIn.WorkerProcessIds.Should().BeEmpty();
    }

    [Fact]
    public void A_forking_server_refuses_a_MaxChildren_below_one()
    {
        var create = () => new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), new ForkingMixIn { MaxChildren = 0 });

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxChildren");
    }

    [Fact]
    public void Without_systemd_variables_socket_activation_adopts_nothing() =>
        SystemdSocketActivation.TryAdoptListeningSocket().Should().BeNull();

    [Fact]
    public void FileDescriptors_reads_and_changes_the_close_on_exec_flag_of_a_socket()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var fd = FileDescriptors.NumberOf(socket);

        CloseOnExec.IsSet(fd).Should().BeTrue(".NET creates every socket close-on-exec");
        CloseOnExec.Set(fd, closeOnExec: false);
        CloseOnExec.IsSet(fd).Should().BeFalse();
        CloseOnExec.Set(fd, closeOnExec: true);
        CloseOnExec.IsSet(fd).Should().BeTrue();
    }
}
