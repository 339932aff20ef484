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
    /// <summary>How long <see cref="Dispose"/> lets the server stop gracefully before killing it.</summary>
    public static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);

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
    /// The path of a helper program, named by an <see cref="AssemblyMetadataAttribute"/> with key
    /// <paramref name="metadataKey"/> on <paramref name="testAssembly"/>. A relative name is taken in the test
    /// assembly's own folder: a helper run from there loads the very library files that coverlet instrumented, so the
    /// code it runs in server and worker processes is counted too.
    /// </summary>
    public static string HelperPath(Assembly testAssembly, string metadataKey)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var path = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == metadataKey)?.Value
            ?? throw new InvalidOperationException($"The test assembly has no '{metadataKey}' metadata.");
        return Path.GetFullPath(path, Path.GetDirectoryName(testAssembly.Location) ?? AppContext.BaseDirectory);
    }

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

    /// <summary>
    /// Stops the server: SIGTERM first, so it stops its workers and every process exits normally (which is when
    /// coverlet's instrumented code writes the hits it recorded), then SIGKILL for the whole process tree if it is
    /// still running after <see cref="GracefulStopTimeout"/>.
    /// </summary>
    public void Dispose()
    {
        Child.Stop(GracefulStopTimeout);
        Child.Dispose();
    }

    [GeneratedRegex(@"^listening on http://(?<host>[^:/]+):(?<port>\d+)/")]
    private static partial Regex ListeningLine();
}
