using System.Globalization;
using System.Net;
using System.Text;

namespace PooledMixIn;

/// <summary>
/// The status page for people: totals, a row per worker with a cell per thread (Apache's keys, coloured), and a table
/// of the requests in flight. Every value a client could have chosen (a path) is HTML-encoded.
/// </summary>
internal static class ServerStatusHtml
{
    private const string Style =
        "body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{padding:2px 6px;text-align:left}" +
        ".t{display:inline-block;width:1.3em;text-align:center;font:bold 13px monospace;margin:1px;border-radius:3px}" +
        ".idle{background:#e6f4ea}.reading{background:#fff4ce}.busy{background:#fbd3d0}.keepalive{background:#efe1f7}.closing{background:#dbe8fb}.dead{background:#ddd;color:#888}";

    public static byte[] Render(PoolStatus status, long nowUnixMilliseconds, int refreshSeconds)
    {
        var html = new StringBuilder();
        var counts = status.Workers.SelectMany(w => w.Threads).GroupBy(row => ThreadState.NameOf(row)).ToDictionary(g => g.Key, g => g.Count());
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"{refreshSeconds}\">")
            .Append("<title>Server status</title><style>").Append(Style).Append("</style></head><body><h1>Server status</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{status.Workers.Count} workers; {status.Accepted} accepted, {status.Completed} completed, {status.Failed} failed, {status.LostHandoffs} lost hand-offs.</p><p>Threads: ")
            .AppendJoin(", ", ThreadState.Names.Select(s => $"{counts.GetValueOrDefault(s)} {s}"))
            .Append("</p><p>Key: <span class=\"t idle\">_</span> idle <span class=\"t reading\">R</span> reading <span class=\"t busy\">W</span> busy <span class=\"t keepalive\">K</span> keep-alive ")
            .Append("<span class=\"t closing\">C</span> closing <span class=\"t dead\">.</span> dead</p><table><tr><th>worker</th><th>pid</th><th>requests</th><th>threads</th></tr>");
        foreach (var worker in status.Workers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{worker.Slot}</td><td>{worker.ProcessId}</td><td>{worker.Threads.Sum(t => t.Requests)}</td><td>");
            foreach (var row in worker.Threads)
            {
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"t {ThreadState.NameOf(row)}\">{ThreadState.KeyOf(row)}</span>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table><h2>In flight</h2><table><tr><th>pid</th><th>thread</th><th>state</th><th>for (ms)</th><th>path</th></tr>");
        foreach (var worker in status.Workers)
        {
            for (var thread = 0; thread < worker.Threads.Count; thread++)
            {
                var row = worker.Threads[thread];
                if (ThreadState.HoldsConnection(row) && row.Activity != (int)ThreadActivity.Closing)
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>{worker.ProcessId}</td><td>{worker.Slot}.{thread}</td><td>{ThreadState.NameOf(row)}</td><td>{ThreadState.BusyMilliseconds(row, nowUnixMilliseconds)}</td><td>{WebUtility.HtmlEncode(row.Path)}</td></tr>");
                }
            }
        }

        return Encoding.UTF8.GetBytes(html.Append("</table></body></html>").ToString());
    }
}
