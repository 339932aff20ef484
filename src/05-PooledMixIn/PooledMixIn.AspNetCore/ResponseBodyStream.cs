namespace PooledMixIn.AspNetCore;

/// <summary>
/// The response body as a write-only stream (<c>HttpResponse.Body</c>). Writes complete synchronously on the pool
/// thread that runs the request: the thread is the pool's own, so blocking it costs no shared thread-pool thread.
/// </summary>
internal sealed class ResponseBodyStream(RequestFeatures response) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => response.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => response.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        response.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() => response.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        response.Flush();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
