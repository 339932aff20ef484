using PooledMixIn.Sockets;

namespace PooledMixIn.TestSupport;

/// <summary>
/// Runs a server's <see cref="SocketServer.ServeForever"/> on a dedicated thread and, on dispose, shuts it down and
/// closes it within a bound, so a test never leaves a server behind even when its assertions fail.
/// </summary>
public sealed class ServingThread : IDisposable
{
    private readonly Thread _thread;
    private Exception? _failure;

    /// <summary>Starts serving <paramref name="server"/> on a new thread.</summary>
    public ServingThread(SocketServer server)
    {
        Server = server;
        _thread = new Thread(Serve) { IsBackground = true, Name = "test-serve-forever" };
        _thread.Start();
    }

    /// <summary>The server being served.</summary>
    public SocketServer Server { get; }

    /// <summary>Whether the serving thread has returned.</summary>
    public bool HasStopped => !_thread.IsAlive;

    /// <summary>Waits until ServeForever returns on its own (for example after GET /shutdown).</summary>
    public void WaitUntilStopped()
    {
        if (!_thread.Join(TestTimeouts.Operation))
        {
            throw new TimeoutException($"ServeForever did not return within {TestTimeouts.Operation}.");
        }

        if (_failure is not null)
        {
            throw new InvalidOperationException("ServeForever threw.", _failure);
        }
    }

    /// <summary>Shuts the server down and closes it; throws if it does not stop in time.</summary>
    public void Dispose()
    {
        var shutdown = Task.Run(Server.Shutdown);
        var stopped = shutdown.Wait(TestTimeouts.Operation) && _thread.Join(TestTimeouts.Operation);
        Server.Dispose();
        if (!stopped)
        {
            throw new TimeoutException($"The server did not stop within {TestTimeouts.Operation}.");
        }
    }

    private void Serve()
    {
        try
        {
            Server.ServeForever(TestTimeouts.PollInterval);
        }
        catch (Exception exception)
        {
            _failure = exception;
        }
    }
}
