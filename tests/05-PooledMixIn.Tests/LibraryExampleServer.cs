using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// The tutorial's library example (docs/samples/PooledMixIn.LibraryExample) running as a real process: a pool of
/// 2 processes x 16 threads. Its banner is a log line (plain text or JSON), so it is found anywhere in a line.
/// </summary>
internal sealed partial class LibraryExampleServer : IDisposable
{
    private static readonly string s_path = ServerProcess.HelperPath(typeof(LibraryExampleServer).Assembly, "LibraryExamplePath");

    private LibraryExampleServer(ChildProcess child, IPEndPoint endPoint)
    {
        Child = child;
        EndPoint = endPoint;
    }

    public ChildProcess Child { get; }

    public IPEndPoint EndPoint { get; }

    public static LibraryExampleServer Start(params string[] options)
    {
        var child = ChildProcess.StartDotnet(s_path, ["--port", "0", .. options], TimeSpan.FromSeconds(120));
        try
        {
            var match = ListeningOn().Match(child.WaitForLine(line => ListeningOn().IsMatch(line), TestTimeouts.Operation));
            return new LibraryExampleServer(child, new IPEndPoint(
                IPAddress.Parse(match.Groups["host"].Value), int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture)));
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request on a new connection; <paramref name="body"/>, if any, with its Content-Length.</summary>
    public HttpResponse Send(string method, string path, string? body = null)
    {
        using var client = RawHttpClient.Connect(EndPoint);
        var content = body is null ? "" : $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        client.Send(Encoding.UTF8.GetBytes($"{method} {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{(body is null ? "\r\n" : content)}"));
        return client.ReadResponse();
    }

    /// <summary>Sends <paramref name="request"/> as it is and returns everything the server sent until it closed.</summary>
    public string SendRaw(string request)
    {
        using var client = RawHttpClient.Connect(EndPoint);
        client.Send(request);
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = client.Socket.Receive(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>Stops the server with SIGTERM, as an operator would; returns every line it wrote, stdout and stderr.</summary>
    public IReadOnlyList<string> Terminate()
    {
        Signals.Send(Child.Id, Signals.Terminate);
        Child.WaitForExit(TestTimeouts.Operation).Should().Be(0, Child.Transcript);
        return [.. Child.Transcript.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.TrimEnd('\r'))
            .Select(line => line.StartsWith("err: ", StringComparison.Ordinal) ? line[5..] : line)];
    }

    public void Dispose()
    {
        Child.Stop(ServerProcess.GracefulStopTimeout);
        Child.Dispose();
    }

    [GeneratedRegex(@"listening on http://(?<host>[^:/]+):(?<port>\d+)/")]
    private static partial Regex ListeningOn();
}
