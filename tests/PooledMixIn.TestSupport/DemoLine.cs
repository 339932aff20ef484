using System.Globalization;
using System.Text.RegularExpressions;

namespace PooledMixIn.TestSupport;

/// <summary>One line of the demo protocol, parsed: who answered, for which path, and for whom.</summary>
/// <param name="ParentProcessId">PPID: the process that started the one that answered.</param>
/// <param name="ProcessId">PID: the process that answered.</param>
/// <param name="Thread">The thread's name or managed id.</param>
/// <param name="Uri">The request target.</param>
/// <param name="Client">The client's IP address.</param>
public sealed partial record DemoLine(int ParentProcessId, int ProcessId, string Thread, string Uri, string Client)
{
    /// <summary>Parses a demo response body; throws with the text when it does not match the protocol.</summary>
    public static DemoLine Parse(string body)
    {
        var match = Pattern().Match(body);
        if (!match.Success)
        {
            throw new FormatException($"Not a demo line: '{body}'.");
        }

        return new DemoLine(
            int.Parse(match.Groups["ppid"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture),
            match.Groups["thread"].Value,
            match.Groups["uri"].Value,
            match.Groups["client"].Value);
    }

    [GeneratedRegex(@"^PPID=\[(?<ppid>\d+)\] PID=\[(?<pid>\d+)\] thread=\[(?<thread>[^\]]+)\] uri=\[(?<uri>[^\]]*)\] from \[(?<client>[^\]]+)\]\n$")]
    private static partial Regex Pattern();
}
