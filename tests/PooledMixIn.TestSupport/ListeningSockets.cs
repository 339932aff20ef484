using System.Globalization;

namespace PooledMixIn.TestSupport;

/// <summary>
/// The TCP sockets listening on a port, as the kernel lists them in <c>/proc/net/tcp</c> (state <c>0A</c>): read from
/// outside, so a test checks the server's real state, not a flag it set.
/// </summary>
public static class ListeningSockets
{
    /// <summary>One listening socket.</summary>
    /// <param name="Inode">Its socket inode, as <c>/proc/PID/fd</c> links show it (<c>socket:[inode]</c>).</param>
    /// <param name="AcceptQueueLength">How many connections wait in its accept queue (rx_queue, for a listening socket).</param>
    public readonly record struct Entry(string Inode, int AcceptQueueLength);

    /// <summary>The sockets listening on <paramref name="port"/>: one, or one per worker with SO_REUSEPORT.</summary>
    public static IReadOnlyList<Entry> On(int port)
    {
        var entries = new List<Entry>();
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var localPort = int.Parse(fields[1][(fields[1].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (localPort == port && fields[3] == "0A")
            {
                var rxQueue = fields[4][(fields[4].IndexOf(':', StringComparison.Ordinal) + 1)..];
                entries.Add(new Entry(fields[9], int.Parse(rxQueue, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }

        return entries;
    }
}
