using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// A well-behaved client that sends a GET on a new connection, one after another, on its own thread, while a fault
/// runs; each must be answered with the demo line within <see cref="TestTimeouts.Operation"/>. The first failure
/// ends it and is rethrown by <see cref="StopAndCount"/>.
/// </summary>
internal sealed class LegitimateClient : IDisposable
{
    private readonly DemoServer _server;
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _served;
    private Exception? _failure;

    private LegitimateClient(DemoServer server)
    {
        _server = server;
        _thread = new Thread(Run) { IsBackground = true, Name = "legitimate-client" };
    }

    /// <summary>Starts the client's loop.</summary>
    public static LegitimateClient Start(DemoServer server)
    {
        var client = new LegitimateClient(server);
        client._thread.Start();
        return client;
    }

    /// <summary>Ends the loop after the request in flight and returns how many were served; rethrows a failure.</summary>
    /// <exception cref="TimeoutException">The request in flight did not finish in time.</exception>
    public int StopAndCount()
    {
        _stop = true;
        if (!_thread.Join(TestTimeouts.Operation + TestTimeouts.Operation))
        {
            throw new TimeoutException("The legitimate client's request did not finish.");
        }

        return _failure is null ? _served : throw new InvalidOperationException($"A legitimate request failed after {_served} were served.", _failure);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        _thread.Join(TestTimeouts.Operation + TestTimeouts.Operation);
    }

    private void Run()
    {
        try
        {
            while (!_stop)
            {
                _server.Get($"/legitimate/{_served}");
                _served++;
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or FormatException or System.Net.Sockets.SocketException)
        {
            _failure = exception;
        }
    }
}
