using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

/// <summary>Starts layer 3's test server (tests/03-Preforking.TestServer) as a real process.</summary>
internal static class TestServer
{
    private static readonly string s_path = ServerProcess.HelperPath(typeof(TestServer).Assembly, "TestServerPath");

    public static ServerProcess Preforking(int processes, params string[] extra) =>
        ServerProcess.Start(s_path, ["--mixin", "preforking", "--processes", processes.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]);

    public static ServerProcess Forking(params string[] extra) => ServerProcess.Start(s_path, ["--mixin", "forking", .. extra]);

    public static ChildProcess StartRaw(params string[] arguments) => ChildProcess.StartDotnet(s_path, arguments);

    /// <summary>Waits for the pool-ready line and returns the worker pids it lists.</summary>
    public static int[] WaitForPool(ServerProcess server)
    {
        var line = server.Child.WaitForLine(l => l.StartsWith("pool-ready pids=", StringComparison.Ordinal), TestTimeouts.Operation);
        return [.. line["pool-ready pids=".Length..].Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Waits until the test handler has announced every one of <paramref name="uris"/>, in any order.</summary>
    public static void WaitForRequestsStarted(ServerProcess server, params string[] uris) => _ = CountRequestsStarted(server, uris);

    /// <summary>
    /// Reads the test handler's announcements (<c>… uri=U</c>, printed by the worker that handles U) until each of
    /// <paramref name="uris"/> has been announced, and returns how many times each was: the handlers' own record.
    /// </summary>
    public static IReadOnlyDictionary<string, int> CountRequestsStarted(ServerProcess server, IEnumerable<string> uris)
    {
        var counts = uris.Distinct(StringComparer.Ordinal).ToDictionary(u => u, _ => 0, StringComparer.Ordinal);
        var pending = counts.Count;
        while (pending > 0)
        {
            var line = server.Child.WaitForLine(l => l.Contains(" uri=", StringComparison.Ordinal), TestTimeouts.Operation);
            var uri = line[(line.IndexOf(" uri=", StringComparison.Ordinal) + " uri=".Length)..];
            if (counts.TryGetValue(uri, out var seen))
            {
                counts[uri] = seen + 1;
                pending -= seen == 0 ? 1 : 0;
            }
        }

        return counts;
    }
}
