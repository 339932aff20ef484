using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>
/// A request handler that reads and writes the connection as streams: Python's
/// <c>socketserver.StreamRequestHandler</c> with its <c>rfile</c> and <c>wfile</c>.
/// </summary>
/// <remarks>
/// <see cref="RFile"/> is buffered, so line-oriented reads cost one system call per buffer rather than per byte.
/// <see cref="WFile"/> is buffered too (Python's is not by default) and is flushed by <see cref="Finish"/>, so a
/// response written in pieces leaves in as few segments as possible; call <c>WFile.Flush()</c> to send earlier.
/// <see cref="Timeout"/> bounds every single read and write, so a silent or stalled client cannot hold a thread
/// for ever; a timed-out read throws an <see cref="IOException"/> whose inner exception is a
/// <see cref="SocketException"/> with <see cref="SocketError.TimedOut"/>.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The streams are closed by Finish, which the server always calls, as Python's finish closes rfile and wfile.")]
public abstract class StreamRequestHandler : BaseRequestHandler
{
    private Stream? _rfile;
    private Stream? _wfile;

    /// <summary>The size of the read and write buffers, in bytes.</summary>
    public int BufferSize { get; init; } = 8192;

    /// <summary>The longest a single read or write may block; <see langword="null"/> means no limit. Python's <c>timeout</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether to send small writes at once (TCP_NODELAY): Python's <c>disable_nagle_algorithm</c>.</summary>
    public bool DisableNagleAlgorithm { get; init; }

    /// <summary>The connection's input, buffered: Python's <c>rfile</c>.</summary>
    public Stream RFile => _rfile ?? throw new InvalidOperationException("RFile is available from Setup on.");

    /// <summary>The connection's output, buffered and flushed by <see cref="Finish"/>: Python's <c>wfile</c>.</summary>
    public virtual Stream WFile => _wfile ?? throw new InvalidOperationException("WFile is available from Setup on.");

    /// <inheritdoc />
    public override void Setup()
    {
        if (Timeout is { } timeout)
        {
            var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
            Request.ReceiveTimeout = milliseconds;
            Request.SendTimeout = milliseconds;
        }

        if (DisableNagleAlgorithm && Request.ProtocolType == ProtocolType.Tcp)
        {
            Request.NoDelay = true;
        }

        // The server owns the socket's lifetime (ShutdownRequest), so the streams must not close it.
        var network = new NetworkStream(Request, ownsSocket: false);
        _rfile = new BufferedStream(network, BufferSize);
        _wfile = new BufferedStream(network, BufferSize);
    }

    /// <inheritdoc />
    public override void Finish()
    {
        try
        {
            _wfile?.Flush();
        }
        catch (IOException)
        {
            // The client went away; there is nobody left to tell.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            // Neither stream owns the socket: closing them releases buffers only; the server closes the socket.
            _wfile?.Dispose();
            _rfile?.Dispose();
        }
    }
}
