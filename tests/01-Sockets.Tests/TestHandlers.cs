using System.Text;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests;

/// <summary>Echoes each line it reads, until the client closes its side.</summary>
internal sealed class LineEchoHandler : StreamRequestHandler
{
    public override void Handle()
    {
        using var reader = new StreamReader(RFile, Encoding.UTF8, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            WFile.Write(Encoding.UTF8.GetBytes(line + "\n"));
            WFile.Flush();
        }
    }
}

/// <summary>Always throws from Handle, to show the server survives a broken handler.</summary>
internal sealed class ThrowingHandler : BaseRequestHandler
{
    public override void Handle() => throw new InvalidOperationException("handler failure for the test");
}

/// <summary>An HTTP handler with GET and POST: GET answers the path, POST echoes the body.</summary>
internal sealed class EchoHttpHandler : BaseHttpRequestHandler
{
    protected override void DoGet() => Answer(Encoding.UTF8.GetBytes(Path));

    protected override void DoPost() => Answer(Body.ToArray());

    private void Answer(byte[] body)
    {
        SendResponse(200);
        SendHeader("Content-Type", "application/octet-stream");
        SendHeader("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        EndHeaders();
        WFile.Write(body);
    }
}

/// <summary>An HTTP handler whose GET fails before it answers.</summary>
internal sealed class FailingHttpHandler : BaseHttpRequestHandler
{
    protected override void DoGet() => throw new InvalidOperationException("GET failed for the test");
}

/// <summary>A TCP server that records what reached HandleError and can refuse connections in VerifyRequest.</summary>
internal sealed class RecordingTcpServer(
    Func<BaseRequestHandler> handlerFactory, Func<System.Net.EndPoint, bool>? verify = null)
    : TcpServer(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), handlerFactory)
{
    private readonly List<Exception> _errors = [];
    private readonly SemaphoreSlim _errorReported = new(0);
    private int _timeouts;

    public IReadOnlyList<Exception> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public int Timeouts => Volatile.Read(ref _timeouts);

    public override bool VerifyRequest(System.Net.Sockets.Socket request, System.Net.EndPoint clientAddress) =>
        verify?.Invoke(clientAddress) ?? true;

    public override void HandleError(System.Net.Sockets.Socket? request, System.Net.EndPoint? clientAddress, Exception exception)
    {
        lock (_errors)
        {
            _errors.Add(exception);
        }

        _errorReported.Release();
    }

    /// <summary>
    /// Waits until HandleError has been called: a response can reach the client before the exception that follows
    /// it reaches HandleError, so a test must not look at <see cref="Errors"/> the moment it has its response.
    /// </summary>
    public IReadOnlyList<Exception> WaitForError()
    {
        if (!_errorReported.Wait(PooledMixIn.TestSupport.TestTimeouts.Operation))
        {
            throw new TimeoutException("HandleError was not called.");
        }

        return Errors;
    }

    public override void HandleTimeout() => Interlocked.Increment(ref _timeouts);
}
