using System.Globalization;
using System.Text.RegularExpressions;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// What wrk reported for one load: its throughput, and the errors it counts. wrk checks status codes but not bodies,
/// and it counts a server's close after a <c>Connection: close</c> answer as a read error; its figures sit beside the
/// project's client's, which verifies every answer, as an outside view of the same server.
/// </summary>
internal sealed partial record WrkResult(double RequestsPerSecond, long Requests, long Non2xx, long ConnectErrors, long ReadErrors, long WriteErrors, long Timeouts)
{
    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;

    /// <summary>Reads wrk's summary; <see langword="null"/> when the text has no <c>Requests/sec</c> line (wrk failed).</summary>
    public static WrkResult? Parse(string output)
    {
        var rate = RequestsPerSecondLine().Match(output);
        if (!rate.Success)
        {
            return null;
        }

        var errors = SocketErrorsLine().Match(output);
        long Errors(string kind) => errors.Success ? Number(errors.Groups[kind].Value) : 0;
        var requests = RequestsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        return new WrkResult(
            double.Parse(rate.Groups["rate"].Value, CultureInfo.InvariantCulture),
            requests.Success ? Number(requests.Groups["count"].Value) : 0,
            non2xx.Success ? Number(non2xx.Groups["count"].Value) : 0,
            Errors("connect"),
            Errors("read"),
            Errors("write"),
            Errors("timeout"));
    }

    private static long Number(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Requests/sec:\s+(?<rate>[0-9]+(\.[0-9]+)?)\s*$", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"^\s*(?<count>[0-9]+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Socket errors: connect (?<connect>[0-9]+), read (?<read>[0-9]+), write (?<write>[0-9]+), timeout (?<timeout>[0-9]+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>[0-9]+)")]
    private static partial Regex Non2xxLine();
}
