using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

[CollectionDefinition(nameof(DescriptorInheritance), DisableParallelization = true)]
public sealed class DescriptorInheritance;

/// <summary>
/// Runs alone: it makes one of the test process's own descriptors inheritable for a moment, and any process another
/// test started in that moment would inherit it.
/// </summary>
[Collection(nameof(DescriptorInheritance))]
public sealed class SocketActivationTests
{
    [Fact]
    public async Task A_server_started_by_socket_activation_adopts_descriptor_3_instead_of_binding()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fd = (int)listener.SafeHandle.DangerousGetHandle();
        var serverPath = ServerProcess.HelperPath(typeof(TestServer).Assembly, "TestServerPath");

        // What systemd does (bash, not sh: dash redirects only single-digit descriptors): the socket as descriptor 3, LISTEN_FDS=1, LISTEN_PID = the pid exec keeps.
        var script = $"exec 3<&{fd} {fd}<&-; LISTEN_FDS=1 LISTEN_PID=$$ exec \"$0\" \"$@\"";
        using var server = StartWithInheritedDescriptor(fd, "/bin/bash",
            ["-c", script, ChildProcess.DotnetHostPath, serverPath, "--port", "0", "--mixin", "preforking", "--processes", "2"]);
        try
        {
            var listening = await server.StandardOutput.ReadLineAsync().WaitAsync(TestTimeouts.Operation);
            listener.Close(); // the test's copy; the server and its workers hold theirs

            listening.Should().StartWith($"listening on http://127.0.0.1:{port}/");
            DemoLine.Parse(RawHttpClient.Get(new IPEndPoint(IPAddress.Loopback, port), "/activated").Text).Uri.Should().Be("/activated");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync().WaitAsync(TestTimeouts.Operation);
        }
    }

    private static Process StartWithInheritedDescriptor(int fd, string fileName, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        SetCloseOnExec(fd, false);
        try
        {
            return Process.Start(startInfo)!;
        }
        finally
        {
            SetCloseOnExec(fd, true);
        }
    }

    private static void SetCloseOnExec(int fd, bool value)
    {
        const int FGetFd = 1, FSetFd = 2, FdCloexec = 1;
        var flags = Fcntl(fd, FGetFd, 0);
        Fcntl(fd, FSetFd, value ? flags | FdCloexec : flags & ~FdCloexec).Should().Be(0);
    }

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int fd, int command, int argument);
}
