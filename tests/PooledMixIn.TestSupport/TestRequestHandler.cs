using System.Globalization;
using System.Text;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.TestSupport;

/// <summary>
/// The demo handler plus paths the process-based tests need, for their test-server executables:
/// <c>/slow?ms=N</c> works N ms before answering (a request in flight), <c>/hold?ms=N</c> answers at once and then
/// keeps its thread busy for N ms, <c>/boom</c> throws, and <c>/status</c> answers <see cref="StatusProvider"/>'s
/// text. <c>/slow</c> and <c>/hold</c> announce themselves on stdout, so a test knows the request reached a worker.
/// <c>/record/…</c> prints <c>served pid=P uri=U</c> before answering: the handler's own record of what it served,
/// which a test checks against what its clients sent without trusting the server's counters.
/// <c>/print-control-lines</c> prints, on stdout and stderr, the magic lines workers once used to talk to their
/// parent, to show that application output cannot reach the control channel.
/// </summary>
public class TestRequestHandler : DemoRequestHandler
{
    /// <summary>What <c>/status</c> answers; set once by the test server's Main.</summary>
    public static Func<string>? StatusProvider { get; set; }

    /// <inheritdoc />
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
            Thread.Sleep(milliseconds); // sync-ok: keeps this thread busy, the condition under test
        }
        else if (Path.StartsWith("/record/", StringComparison.Ordinal))
        {
            Console.WriteLine($"served pid={Environment.ProcessId} uri={Path}");
            base.DoGet();
        }
        else if (Path == "/print-control-lines")
        {
            foreach (var writer in new[] { Console.Out, Console.Error })
            {
                writer.WriteLine("#pooledmixin:shutdown");
                writer.WriteLine("#pooledmixin:ready");
                writer.Flush();
            }

            base.DoGet();
        }
        else if (Path.StartsWith("/boom", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("boom, on purpose");
        }
        else if (Path == "/status" && StatusProvider is { } status)
        {
            var body = Encoding.UTF8.GetBytes(status());
            SendResponse(200);
            SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
            EndHeaders();
            WFile.Write(body);
        }
        else
        {
            base.DoGet();
        }
    }
}
