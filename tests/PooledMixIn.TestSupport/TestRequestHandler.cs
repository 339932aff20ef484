using System.Globalization;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Preforking.TestServer;

/// <summary>
/// The demo handler plus two paths that make a request last: <c>/slow?ms=N</c> works N ms before answering (a
/// request in flight), <c>/hold?ms=N</c> answers at once and then keeps the connection, and the worker, busy for
/// N ms. Both announce themselves on stdout, so a test knows the request reached a worker.
/// </summary>
internal sealed class TestRequestHandler : DemoRequestHandler
{
    protected override void DoGet()
    {
        var milliseconds = Path.Contains("ms=", StringComparison.Ordinal)
            ? int.Parse(Path[(Path.IndexOf("ms=", StringComparison.Ordinal) + 3)..], CultureInfo.InvariantCulture)
            : 0;
        if (Path.StartsWith("/slow", StringComparison.Ordinal))
        {
            Console.WriteLine($"slow-started pid={Environment.ProcessId} uri={Path}");
            Thread.Sleep(milliseconds); // sync-ok: this is the request's work, the thing the test keeps in flight
            base.DoGet();
        }
        else if (Path.StartsWith("/hold", StringComparison.Ordinal))
        {
            base.DoGet();
            WFile.Flush();
            Console.WriteLine($"hold-started pid={Environment.ProcessId} uri={Path}");
            Thread.Sleep(milliseconds); // sync-ok: keeps this serial worker busy, the condition under test
        }
        else
        {
            base.DoGet();
        }
    }
}
