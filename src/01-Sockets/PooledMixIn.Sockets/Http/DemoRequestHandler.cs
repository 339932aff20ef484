using System.Globalization;
using System.Net;
using System.Text;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// The seed's demo handler, the fixed protocol every layer and the benchmark use: every GET is answered
/// <c>200 text/plain</c> with one line naming who served it, <c>GET /shutdown</c> answers and then stops the
/// server, and <c>GET /sleep/&lt;ms&gt;</c> blocks its thread that long before it answers (the slow handler, as on a
/// synchronous database call, for tests and benchmarks).
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

    /// <summary>The prefix of the path that blocks the thread: <c>/sleep/&lt;milliseconds&gt;</c>.</summary>
    public const string SleepPathPrefix = "/sleep/";

    /// <summary>The longest <c>/sleep</c> the demo honours: ten minutes, so a typo cannot hold a thread for days.</summary>
    public const int MaxSleepMilliseconds = 600_000;

    private static readonly int s_processId = Environment.ProcessId;

    #region demo-do-get
    /// <inheritdoc />
    protected override void DoGet()
    {
        var shuttingDown = Path == ShutdownPath;
        if (SleepMilliseconds(Path) is { } milliseconds)
        {
            Thread.Sleep(milliseconds); // deliberately blocking: the workload that pools of threads exist for
        }

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

    /// <summary>
    /// How long <c>GET /sleep/&lt;ms&gt;</c> blocks: the number after the prefix, up to
    /// <see cref="MaxSleepMilliseconds"/>, or <see langword="null"/> for any other path (a query is ignored).
    /// </summary>
    /// <param name="path">The request target.</param>
    /// <returns>The milliseconds to sleep, or <see langword="null"/>.</returns>
    public static int? SleepMilliseconds(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(SleepPathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = path.AsSpan(SleepPathPrefix.Length);
        var query = digits.IndexOf('?');
        if (query >= 0)
        {
            digits = digits[..query];
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? Math.Min(milliseconds, MaxSleepMilliseconds)
            : null;
    }

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
