using System.Net.Sockets;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// The bytes received on a connection and not yet used, and the one way to receive more: before a deadline. The
/// handler parses heads and bodies out of <see cref="Buffered"/>, so bytes that belong to the next pipelined
/// request simply stay here for it, and bytes an event loop received before the handler ran can be put here first.
/// </summary>
internal sealed class HttpConnectionInput(Socket socket, int maxCapacity)
{
    private const int InitialCapacity = 4096;
    private byte[] _buffer = new byte[InitialCapacity];
    private int _start;
    private int _end;

    /// <summary>The bytes received and not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Marks <paramref name="count"/> buffered bytes as used.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            (_start, _end) = (0, 0);
        }
    }

    /// <summary>Adds bytes received elsewhere (an event loop's read) as if they had just been received here.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        MakeRoom(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>
    /// Waits until the socket has data or <paramref name="deadline"/> (an <see cref="Environment.TickCount64"/>
    /// value) passes, then receives what is there.
    /// </summary>
    /// <returns>The number of bytes received; 0 when the client has closed its side (or reset the connection).</returns>
    /// <exception cref="TimeoutException">The deadline passed first.</exception>
    public int Receive(long deadline)
    {
        MakeRoom(1);
        var remaining = deadline - Environment.TickCount64;
        // Poll, not ReceiveTimeout: the deadline is for the whole head or body, so each wait gets what is left of it.
        if (remaining <= 0 || !socket.Poll((int)Math.Min(remaining * 1000, int.MaxValue), SelectMode.SelectRead))
        {
            throw new TimeoutException("The client did not send in time.");
        }

        var received = socket.Receive(_buffer.AsSpan(_end), SocketFlags.None, out var error);
        if (error is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            return 0;
        }

        if (error != SocketError.Success)
        {
            throw new IOException($"Receive failed: {error}.", new SocketException((int)error));
        }

        _end += received;
        return received;
    }

    /// <summary>Ensures room for <paramref name="count"/> more bytes: first by moving the unread ones to the front, then by growing.</summary>
    private void MakeRoom(int count)
    {
        if (_buffer.Length - _end >= count)
        {
            return;
        }

        var unread = _end - _start;
        if (unread + count > _buffer.Length)
        {
            // Bounded: the parser refuses a head before it outgrows the limits, and a body is consumed as it comes.
            var capacity = Math.Max(unread + count, Math.Min(_buffer.Length * 2, maxCapacity));
            var grown = new byte[capacity];
            Buffered.CopyTo(grown);
            _buffer = grown;
        }
        else
        {
            Buffered.CopyTo(_buffer);
        }

        (_start, _end) = (0, unread);
    }
}
