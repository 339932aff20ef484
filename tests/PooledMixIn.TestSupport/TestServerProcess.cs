using System.Runtime.InteropServices;
using PooledMixIn.Sockets;

namespace PooledMixIn.TestSupport;

/// <summary>
/// The parts every process-based test server's Main shares: what a worker prints and serves, and how the server
/// process stops on SIGTERM. The lines printed are the ones <see cref="ServerProcess"/> and the tests wait for.
/// </summary>
public static class TestServerProcess
{
    /// <summary>The poll interval test servers serve with, so a stop is noticed quickly.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>In a worker: announces it (<c>worker-started index=I pid=P</c>) and serves until stopped.</summary>
    /// <returns>The worker's exit code.</returns>
    public static int ServeAsWorker(SocketServer server, int workerIndex)
    {
        ArgumentNullException.ThrowIfNull(server);
        Console.WriteLine($"worker-started index={workerIndex} pid={Environment.ProcessId}");
        server.ServeForever(PollInterval);
        return 0;
    }

    /// <summary>
    /// In the server process: stops the server on SIGTERM and announces where it listens
    /// (<c>listening on URL pid=P</c>). Dispose the result when the server has stopped.
    /// </summary>
    public static IDisposable AnnounceAndStopOnSigterm(HttpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => server.Shutdown());
        });
        Announce(server);
        return registration;
    }

    /// <summary>
    /// In the server process: announces where it listens (<c>listening on URL pid=P</c>), leaving signals to the
    /// server itself (a process-based server handles them by default).
    /// </summary>
    public static void Announce(HttpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        Console.WriteLine($"listening on {server.ServerUrl} pid={Environment.ProcessId}");
    }
}
