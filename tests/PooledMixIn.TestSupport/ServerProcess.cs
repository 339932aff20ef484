using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;

namespace PooledMixIn.TestSupport;

/// <summary>
/// A test server running as its own process (as process-based servers must: the test host cannot be re-launched as
/// a worker). It waits for the server's <c>listening on http://HOST:PORT/ … pid=N</c> line, exposes where it
/// listens, and on dispose kills the server and everything it started, so a failing test leaves nothing behind.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private ServerProcess(ChildProcess child, IPEndPoint endPoint)
    {
        Child = child;
        EndPoint = endPoint;
    }

    /// <summary>The server process.</summary>
    public ChildProcess Child { get; }

    /// <summary>The server process's pid.</summary>
    public int Pid => Child.Id;

    /// <summary>Where the server listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>
    /// The path of a helper program built alongside the test assembly, named by an
    /// <see cref="AssemblyMetadataAttribute"/> with key <paramref name="metadataKey"/> on <paramref name="testAssembly"/>.
    /// </summary>
    public static string HelperPath(Assembly testAssembly, string metadataKey) =>
        testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == metadataKey)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{metadataKey}' metadata.");

    /// <summary>Starts <c>dotnet <paramref name="assemblyPath"/> --port 0 …</c> and waits until it listens.</summary>
    public static ServerProcess Start(string assemblyPath, IEnumerable<string> arguments, TimeSpan? lifetime = null)
    {
        var child = ChildProcess.StartDotnet(assemblyPath, ["--port", "0", .. arguments], lifetime ?? TimeSpan.FromSeconds(120));
        try
        {
            var line = child.WaitForLine(l => l.StartsWith("listening on ", StringComparison.Ordinal), TestTimeouts.Operation);
            var match = ListeningLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"Unexpected first line: '{line}'.");
            }

            var endPoint = new IPEndPoint(IPAddress.Parse(match.Groups["host"].Value), int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
            return new ServerProcess(child, endPoint);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Sends a GET on a new connection.</summary>
    public HttpResponse Get(string path) => RawHttpClient.Get(EndPoint, path);

    /// <summary>Sends a GET and parses the demo line it answers with.</summary>
    public DemoLine GetDemoLine(string path)
    {
        var response = Get(path);
        return response.StatusCode == 200
            ? DemoLine.Parse(response.Text)
            : throw new InvalidOperationException($"GET {path} answered {response.StatusCode}: {response.Text}");
    }

    /// <summary>Asks the server to stop with SIGTERM and returns its exit code.</summary>
    public int Terminate()
    {
        Signals.Send(Pid, Signals.Terminate);
        return Child.WaitForExit(TestTimeouts.Operation);
    }

    /// <summary>Kills the server and its whole process tree if still running.</summary>
    public void Dispose() => Child.Dispose();

    [GeneratedRegex(@"^listening on http://(?<host>[^:/]+):(?<port>\d+)/")]
    private static partial Regex ListeningLine();
}
