using System.Globalization;
using System.Net;
using System.Text;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// The seed's demo handler, the fixed protocol every layer and the benchmark use: every GET is answered
/// <c>200 text/plain</c> with one line naming who served it, and <c>GET /shutdown</c> answers and then stops the
/// server.
/// </summary>
/// <remarks>
/// The line is <c>PPID=[&lt;ppid&gt;] PID=[&lt;pid&gt;] thread=[&lt;thread&gt;] uri=[&lt;path&gt;] from [&lt;client ip&gt;]</c>,
/// where the thread is its name if it has one, else its managed id. In a pool of processes, <c>PID</c> tells which
/// worker answered and <c>PPID</c> is the server process that started it.
/// </remarks>
public class DemoRequestHandler : BaseHttpRequestHandler
{
    /// <summary>The path that stops the server.</summary>
    public const string ShutdownPath = "/shutdown";

    private static readonly int s_processId = Environment.ProcessId;

    #region demo-do-get
    /// <inheritdoc />
    protected override void DoGet()
    {
        var shuttingDown = Path == ShutdownPath;
        var body = Encoding.UTF8.GetBytes(DescribeRequest() + "\n");
        SendResponse(200);
        SendHeader("Content-Type", "text/plain; charset=utf-8");
        SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        if (shuttingDown)
        {
            SendHeader("Connection", "close");
        }

        EndHeaders();
        WFile.Write(body);
        if (shuttingDown)
        {
            WFile.Flush(); // The answer goes out before the server stops.
            Server.Shutdown();
        }
    }
    #endregion

    /// <summary>The response line for the current request.</summary>
    /// <returns>The line, without its newline.</returns>
    public string DescribeRequest()
    {
        var thread = Thread.CurrentThread;
        var threadName = thread.Name ?? thread.ManagedThreadId.ToString(CultureInfo.InvariantCulture);
        var client = ClientAddress is IPEndPoint ip ? ip.Address.ToString() : "local";
        return $"PPID=[{Interop.Libc.GetParentProcessId()}] PID=[{s_processId}] thread=[{threadName}] uri=[{Path}] from [{client}]";
    }
}
