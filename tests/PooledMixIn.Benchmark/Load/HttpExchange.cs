using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// One client's connection and buffers: sends one request at a time, reads the whole response and verifies it.
/// With a new connection per request (as siege and the seed's run did) it connects, sends <c>Connection: close</c>,
/// reads the response and then waits for the server's close, so that the server, not the client, holds the
/// TIME_WAIT state and the client cannot run out of local ports. With keep-alive it reuses the connection
/// for as long as the server allows.
/// </summary>
internal sealed class HttpExchange : IDisposable
{
    private const int BufferSize = 8192; // the demo's response is ~200 bytes; anything near this is not the demo

    private readonly IPEndPoint _endPoint;
    private readonly byte[] _request;
    private readonly byte[] _expectedUri;
    private readonly byte[]? _expectedBody;
    private readonly bool _keepAlive;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[BufferSize];
    private CancellationTokenSource _deadline = new();
    private Socket? _socket;

    /// <param name="expectedBody">The body of a good answer from an app's endpoint; <see langword="null"/> for the demo line.</param>
    public HttpExchange(IPEndPoint endPoint, string path, bool keepAlive, TimeSpan timeout, string? expectedBody = null)
    {
        _expectedBody = expectedBody is null ? null : Encoding.UTF8.GetBytes(expectedBody);
        _endPoint = endPoint;
        _keepAlive = keepAlive;
        _timeout = timeout;
        _expectedUri = Encoding.ASCII.GetBytes(path);
        _request = Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost: {endPoint}\r\nConnection: {(keepAlive ? "keep-alive" : "close")}\r\n\r\n");
    }

    /// <summary>How many connections this client opened.</summary>
    public long ConnectionsOpened { get; private set; }

    /// <summary>The received bytes of the last request; <see cref="DemoAnswer.Thread"/> points into them.</summary>
    public ReadOnlySpan<byte> Received => _buffer;

    #region benchmark-exchange
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one request, no allocation for its state
    public async ValueTask<ExchangeOutcome> ExecuteAsync()
    {
        var phase = RequestPhase.Connect;
        var started = Stopwatch.GetTimestamp();
        _deadline.CancelAfter(_timeout);
        var token = _deadline.Token;
        try
        {
            if (_socket is null)
            {
                _socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                _socket.NoDelay = true;
                ConnectionsOpened++;
                await _socket.ConnectAsync(_endPoint, token);
            }

            phase = RequestPhase.Send;
            await _socket.SendAsync(_request, SocketFlags.None, token);

            phase = RequestPhase.Receive;
            var filled = 0;
            while (true)
            {
                var read = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, token);
                filled += read;
                var verdict = _expectedBody is null
                    ? ResponseVerifier.Examine(_buffer.AsSpan(0, filled), peerClosed: read == 0, _expectedUri, out var answer)
                    : AppResponseVerifier.Examine(_buffer.AsSpan(0, filled), peerClosed: read == 0, _expectedBody, out answer);
                switch (verdict)
                {
                    case ResponseVerdict.Incomplete when read == 0:
                        return Fail(ErrorKind.Closed, filled);
                    case ResponseVerdict.Incomplete when filled == _buffer.Length:
                        return Fail(ErrorKind.BadBody, filled);
                    case ResponseVerdict.Incomplete:
                        continue;
                    case ResponseVerdict.BadStatus:
                        return Fail(ErrorKind.BadStatus, filled);
                    case ResponseVerdict.BadBody:
                        return Fail(ErrorKind.BadBody, filled);
                }

                var latency = Stopwatch.GetTimestamp() - started;
                if (!(_keepAlive && answer.KeepAlive))
                {
                    // The connection ends here: this client asked for it (Connection: close) or the answer said so.
                    // Wait for the server's end (EOF, within the same deadline), so that bytes after the response
                    // count as a wrong answer, then close ours.
                    if (read != 0 && filled < _buffer.Length
                        && await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, token) != 0)
                    {
                        return Fail(ErrorKind.BadBody, filled + 1);
                    }

                    CloseConnection();
                }

                return new ExchangeOutcome(null, latency, answer, null);
            }
        }
        catch (Exception exception) when (ErrorClassifier.TryClassify(phase, exception, out var kind))
        {
            CloseConnection();
            return ExchangeOutcome.Failed(kind, $"{phase}: {exception.Message}");
        }
        finally
        {
            // A deadline that did not fire is reused; one that fired is replaced (it cannot be reset).
            if (!_deadline.TryReset())
            {
                _deadline.Dispose();
                _deadline = new CancellationTokenSource();
            }
        }
    }
    #endregion

    public void Dispose()
    {
        CloseConnection();
        _deadline.Dispose();
    }

    private ExchangeOutcome Fail(ErrorKind kind, int received)
    {
        // Long enough for a whole demo response (status line, four headers, the line) to show in the sample.
        var text = Encoding.Latin1.GetString(_buffer, 0, Math.Min(received, 256)).ReplaceLineEndings("⏎");
        CloseConnection();
        return ExchangeOutcome.Failed(kind, $"received {received} bytes: {text}");
    }

    private void CloseConnection()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
