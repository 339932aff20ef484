using System.Net.Http.Json;
using PooledMixIn.TestSupport;

namespace PooledMixIn.AspNetCore.Tests;

/// <summary>
/// The ASP.NET Core sample running as its own process, on the pool or on Kestrel, with an <see cref="HttpClient"/>
/// pointed at it. Dispose kills the server and every worker it started.
/// </summary>
public sealed class SampleServer : IDisposable
{
    private SampleServer(ServerProcess process, string name)
    {
        Process = process;
        Name = name;
        Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri($"http://{process.EndPoint}/"),
            Timeout = TestTimeouts.Operation,
        };
    }

    public ServerProcess Process { get; }

    public string Name { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>Starts the sample on the pool with <paramref name="processes"/> × <paramref name="threads"/>.</summary>
    public static SampleServer OnPool(int processes = 2, int threads = 8, params string[] options) => Start("pool",
        [$"--PooledProcesses:ProcessCount={processes}", $"--PooledProcesses:ThreadCount={threads}", .. options]);

    /// <summary>Starts the same sample on Kestrel.</summary>
    public static SampleServer OnKestrel() => Start("kestrel", ["--server", "kestrel"]);

    /// <summary>Asks <c>/whoami</c> on a new connection, so that any idle thread of any worker may answer.</summary>
    public ServedBy WhoAmI()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "whoami");
        request.Headers.ConnectionClose = true;
        using var response = Client.Send(request);
        response.EnsureSuccessStatusCode();
        return response.Content.ReadFromJsonAsync<ServedBy>().GetAwaiter().GetResult()!;
    }

    public void Dispose()
    {
        Client.Dispose();
        Process.Dispose();
    }

    private static SampleServer Start(string name, string[] arguments)
    {
        var path = ServerProcess.HelperPath(typeof(SampleServer).Assembly, "SamplePath");
        return new SampleServer(ServerProcess.Start(path, arguments), name);
    }
}

/// <summary>The sample's <c>/whoami</c> answer.</summary>
public sealed record ServedBy(int Pid, bool IsWorker, string Thread, string Connection, bool HostedServiceStarted);
