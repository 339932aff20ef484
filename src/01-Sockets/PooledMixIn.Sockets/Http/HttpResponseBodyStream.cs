namespace PooledMixIn.Sockets.Http;

/// <summary>
/// What a handler's <c>WFile</c> is once the header section has ended: a stream that frames the body as the
/// headers promised, whatever the handler writes. It chunks when the response is chunked, refuses bytes beyond a
/// <c>Content-Length</c>, and drops the body of a response that has none (HEAD, 204, 304).
/// </summary>
internal sealed class HttpResponseBodyStream(Stream connection) : Stream
{
    private HttpResponseFraming _framing;
    private long _contentLength;

    /// <summary>How many body bytes the handler has written.</summary>
    public long Written { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Starts a response body framed as <paramref name="framing"/>.</summary>
    public void Start(HttpResponseFraming framing, long contentLength)
    {
        (_framing, _contentLength, Written) = (framing, contentLength, 0);
    }

    /// <summary>Ends the body: writes the last chunk of a chunked one.</summary>
    /// <returns>Whether the body is complete; <see langword="false"/> when it is shorter than its <c>Content-Length</c>.</returns>
    public bool Complete()
    {
        if (_framing == HttpResponseFraming.Chunked)
        {
            HttpChunkedEncoder.WriteLastChunk(connection);
        }

        return _framing != HttpResponseFraming.ContentLength || Written == _contentLength;
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        switch (_framing)
        {
            case HttpResponseFraming.NoBody:
                break;
            case HttpResponseFraming.ContentLength when buffer.Length > _contentLength - Written:
                throw new InvalidOperationException(
                    $"The handler wrote more than the {_contentLength} bytes its Content-Length announced.");
            case HttpResponseFraming.Chunked:
                HttpChunkedEncoder.WriteChunk(connection, buffer);
                break;
            default:
                connection.Write(buffer);
                break;
        }

        Written += buffer.Length;
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override void Flush() => connection.Flush();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
