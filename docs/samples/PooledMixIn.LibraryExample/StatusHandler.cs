using System.Globalization;
using System.Text;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.LibraryExample;

/// <summary>
/// Answers <c>GET /status</c> with the pool's counters and scoreboard, in the manner of Apache's
/// <c>mod_status</c>, and every other GET with a greeting. Any pool thread of any worker can answer: the status lives
/// in the pool's shared memory, not in the process that happens to serve the request.
/// </summary>
public sealed class StatusHandler : BaseHttpRequestHandler
{
    /// <inheritdoc />
    protected override void DoGet()
    {
        #region status-page
        var text = new StringBuilder();
        if (Path == "/status" && Server.MixIn is PooledProcessMixIn { Status: { } status })
        {
            text.Append(CultureInfo.InvariantCulture,
                $"accepted {status.Accepted}, completed {status.Completed}, failed {status.Failed}, lost hand-offs {status.LostHandoffs}\n");
            text.Append("threads:\n");
            foreach (var (activity, count) in status.ThreadsByActivity.OrderBy(pair => pair.Key))
            {
                text.Append(CultureInfo.InvariantCulture, $"{count,4} {activity.ToString().ToLowerInvariant()}\n");
            }
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"hello from process {Environment.ProcessId}\n");
        }
        #endregion

        var body = Encoding.UTF8.GetBytes(text.ToString());
        SendResponse(200);
        SendHeader("Content-Type", "text/plain; charset=utf-8");
        SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        EndHeaders();
        WFile.Write(body);
    }
}
