using System.Collections.Concurrent;
using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// Concurrent clients sending GETs one after another until stopped, bounded in count and time, recording who
/// answered each request and every request that failed (an exception, or a status other than 200).
/// </summary>
internal sealed class ContinuousLoad : IDisposable
{
    private const int MaxRequestsPerClient = 5_000;
    private static readonly TimeSpan s_maxDuration = TimeSpan.FromSeconds(90);
    private readonly Thread[] _clients;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<DemoLine> _answers = new();
    private volatile bool _stop;

    private ContinuousLoad(ServerProcess server, int clients, string path, string query)
    {
        var deadline = DateTime.UtcNow + s_maxDuration;
        _clients = [.. Enumerable.Range(0, clients).Select(client => new Thread(() =>
        {
            for (var i = 0; i < MaxRequestsPerClient && !_stop && DateTime.UtcNow < deadline; i++)
            {
                Send(server, $"{path}-{client}-{i}{query}");
            }
        }) { IsBackground = true, Name = $"load-{client}" })];
        foreach (var thread in _clients)
        {
            thread.Start();
        }
    }

    /// <summary>The requests that failed, with why.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Every answer received so far, in the order they arrived.</summary>
    public IReadOnlyCollection<DemoLine> Answers => _answers;

    /// <summary>Starts <paramref name="clients"/> clients, each requesting <c><paramref name="path"/>-client-n<paramref name="query"/></c> in turn.</summary>
    public static ContinuousLoad Start(ServerProcess server, int clients, string path, string query = "") => new(server, clients, path, query);

    /// <summary>Stops the clients after the request each has in flight, and waits for them (bounded).</summary>
    public void Stop()
    {
        _stop = true;
        foreach (var thread in _clients)
        {
            thread.Join(TestTimeouts.Operation);
        }
    }

    public void Dispose() => Stop();

    private void Send(ServerProcess server, string path)
    {
        try
        {
            var response = server.Get(path);
            if (response.StatusCode == 200)
            {
                _answers.Enqueue(DemoLine.Parse(response.Text));
            }
            else
            {
                _failures.Enqueue($"{path}: {response.StatusCode}");
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or FormatException)
        {
            _failures.Enqueue($"{path}: {exception.GetType().Name} {exception.Message}");
        }
    }
}
