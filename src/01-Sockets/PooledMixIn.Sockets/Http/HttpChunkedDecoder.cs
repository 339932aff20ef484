using System.Buffers;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// Decodes a chunked request body (RFC 9112 §7.1) incrementally: feed it whatever bytes have arrived, in pieces of
/// any size, and it writes the body's data out and stops exactly after the trailer section, so the bytes of a
/// pipelined request that follows are left untouched.
/// </summary>
/// <remarks>
/// <para>It is strict where leniency has let requests be smuggled past a proxy that reads the framing differently:</para>
/// <list type="bullet">
/// <item>every chunk line and the data's end must be CRLF, never a bare LF or CR (§7.1);</item>
/// <item>a chunk size is hex digits only: no sign, no <c>0x</c>, no spaces before it, and none after it unless a
/// <c>;</c> extension follows (<c>BWS ";"</c>);</item>
/// <item>extensions are accepted and ignored (§7.1.1), but bounded in length and free of control characters;</item>
/// <item>trailer fields are checked for syntax, bounded, and discarded (§7.1.2: a recipient may discard them).</item>
/// </list>
/// <para>A violation throws <see cref="HttpRequestRejectedException"/>: 400, or 413 when the body grows past its
/// limit, or 431 when the trailer section does. After any of these the connection must be closed.</para>
/// </remarks>
public sealed class HttpChunkedDecoder
{
    /// <summary>The longest chunk line accepted (size and extensions), in bytes, without its CRLF.</summary>
    public const int MaxChunkLineLength = 4096;

    private readonly long _maxBodyLength;
    private readonly int _maxTrailerBytes;
    private State _state = State.SizeStart;
    private long _chunkRemaining;
    private int _lineLength;
    private int _trailerBytes;

    /// <summary>Creates a decoder for one body.</summary>
    /// <param name="maxBodyLength">The largest decoded body accepted; more is refused with 413.</param>
    /// <param name="maxTrailerBytes">The most bytes of trailer fields accepted; more is refused with 431.</param>
    public HttpChunkedDecoder(long maxBodyLength, int maxTrailerBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyLength);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTrailerBytes);
        _maxBodyLength = maxBodyLength;
        _maxTrailerBytes = maxTrailerBytes;
    }

    private enum State
    {
        SizeStart,
        Size,
        SizeSpace,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerStart,
        TrailerName,
        TrailerValue,
        TrailerLf,
        EndLf,
        Done,
    }

    /// <summary>How many bytes of body data have been decoded so far.</summary>
    public long BodyLength { get; private set; }

    /// <summary>Whether the last chunk and the trailer section have been read: the body is complete.</summary>
    public bool IsCompleted => _state == State.Done;

    /// <summary>
    /// Decodes from <paramref name="source"/> into <paramref name="destination"/> until the body ends, the source
    /// runs out, or the destination is full.
    /// </summary>
    /// <param name="source">Bytes received, starting where the previous call stopped consuming.</param>
    /// <param name="destination">Where body data goes.</param>
    /// <param name="consumed">How many bytes of <paramref name="source"/> were used.</param>
    /// <param name="written">How many bytes of body data were written to <paramref name="destination"/>.</param>
    /// <returns>
    /// <see cref="OperationStatus.Done"/> when the body is complete (the rest of the source belongs to the next
    /// request), <see cref="OperationStatus.NeedMoreData"/> when every source byte was used and the body goes on,
    /// <see cref="OperationStatus.DestinationTooSmall"/> when the destination filled up first.
    /// </returns>
    /// <exception cref="HttpRequestRejectedException">The chunk stream is malformed or exceeds a limit.</exception>
    public OperationStatus Decode(ReadOnlySpan<byte> source, Span<byte> destination, out int consumed, out int written)
    {
        consumed = 0;
        written = 0;
        while (_state != State.Done)
        {
            if (_state == State.Data)
            {
                var count = (int)Math.Min(_chunkRemaining, Math.Min(source.Length - consumed, destination.Length - written));
                source.Slice(consumed, count).CopyTo(destination[written..]);
                (consumed, written, _chunkRemaining) = (consumed + count, written + count, _chunkRemaining - count);
                if (_chunkRemaining > 0)
                {
                    return consumed == source.Length ? OperationStatus.NeedMoreData : OperationStatus.DestinationTooSmall;
                }

                _state = State.DataCr;
                continue;
            }

            if (consumed == source.Length)
            {
                return OperationStatus.NeedMoreData;
            }

            Step(source[consumed++]);
        }

        return OperationStatus.Done;
    }

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.SizeStart when HexValue(b) >= 0:
                (_chunkRemaining, _lineLength, _state) = (HexValue(b), 1, State.Size);
                break;
            case State.Size when HexValue(b) >= 0:
                if (_chunkRemaining > (long.MaxValue >> 4))
                {
                    throw Bad("The chunk size overflows.");
                }

                _chunkRemaining = (_chunkRemaining << 4) | (long)HexValue(b);
                CountLineByte();
                break;
            case State.Size or State.SizeSpace when b is (byte)' ' or (byte)'\t':
                _state = State.SizeSpace;
                CountLineByte();
                break;
            case State.Size or State.SizeSpace when b == ';':
                _state = State.Extension;
                CountLineByte();
                break;
            case State.Size or State.Extension when b == '\r':
                _state = State.SizeLf;
                break;
            case State.Extension when b is (byte)'\t' or >= 0x20 and not 0x7f:
                CountLineByte();
                break;
            case State.SizeLf when b == '\n':
                EndChunkLine();
                break;
            case State.DataCr when b == '\r':
                _state = State.DataLf;
                break;
            case State.DataLf when b == '\n':
                _state = State.SizeStart;
                break;
            case State.TrailerStart when b == '\r':
                _state = State.EndLf;
                break;
            case State.TrailerStart or State.TrailerName when HttpSyntax.IsTokenChar(b):
                _state = State.TrailerName;
                CountTrailerByte();
                break;
            case State.TrailerName when b == ':':
                _state = State.TrailerValue;
                CountTrailerByte();
                break;
            case State.TrailerValue when b == '\r':
                _state = State.TrailerLf;
                break;
            case State.TrailerValue when b is (byte)'\t' or >= 0x20 and not 0x7f:
                CountTrailerByte();
                break;
            case State.TrailerLf when b == '\n':
                _state = State.TrailerStart;
                break;
            case State.EndLf when b == '\n':
                _state = State.Done;
                break;
            default:
                throw Bad(Describe(_state, b));
        }
    }

    private void EndChunkLine()
    {
        if (_chunkRemaining == 0)
        {
            _state = State.TrailerStart;
            return;
        }

        if (_chunkRemaining > _maxBodyLength - BodyLength)
        {
            throw new HttpRequestRejectedException(413, $"The chunked body exceeds the limit of {_maxBodyLength} bytes.");
        }

        BodyLength += _chunkRemaining;
        _state = State.Data;
    }

    private void CountLineByte()
    {
        if (++_lineLength > MaxChunkLineLength)
        {
            throw Bad($"A chunk line is longer than {MaxChunkLineLength} bytes.");
        }
    }

    private void CountTrailerByte()
    {
        if (++_trailerBytes > _maxTrailerBytes)
        {
            throw new HttpRequestRejectedException(431, $"The trailer section is larger than {_maxTrailerBytes} bytes.");
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static string Describe(State state, byte b) => state switch
    {
        State.SizeStart => $"A chunk size must start with a hex digit, not 0x{b:X2}.",
        State.Size or State.SizeSpace => $"Unexpected byte 0x{b:X2} after a chunk size.",
        State.Extension => $"Control byte 0x{b:X2} in a chunk extension.",
        State.SizeLf or State.DataLf or State.TrailerLf or State.EndLf => "A CR not followed by LF in chunked framing.",
        State.DataCr => "A chunk's data is not followed by CRLF.",
        _ => $"Malformed trailer field (byte 0x{b:X2}).",
    };

    private static HttpRequestRejectedException Bad(string message) => new(400, message);
}
