using System.Text;
using PooledMixIn.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests.Support;

/// <summary>
/// Reads one line, answers one line computed by the test, then returns (the server closes the connection).
/// The smallest protocol that lets a test decide, per request, what the handler does on its thread.
/// </summary>
internal sealed class LineHandler(Func<string, string> respond) : StreamRequestHandler
{
    public static Func<BaseRequestHandler> Factory(Func<string, string> respond) =>
        () => new LineHandler(respond) { Timeout = TestTimeouts.Operation };

    public override void Handle()
    {
        var line = new List<byte>();
        for (var b = RFile.ReadByte(); b is >= 0 and not '\n'; b = RFile.ReadByte())
        {
            line.Add((byte)b);
        }

        var response = respond(Encoding.UTF8.GetString([.. line]));
        WFile.Write(Encoding.UTF8.GetBytes(response + "\n"));
        WFile.Flush();
    }
}
