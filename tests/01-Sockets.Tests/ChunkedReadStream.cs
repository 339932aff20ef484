namespace PooledMixIn.Sockets.Tests;

/// <summary>
/// A read-only stream over bytes that hands them out in the chunk sizes it is given, as TCP may deliver a request
/// in any number of segments. Each Read returns at most the next chunk.
/// </summary>
internal sealed class ChunkedReadStream(byte[] data, IReadOnlyList<int> chunkSizes) : Stream
{
    private int _position;
    private int _chunk;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var chunk = chunkSizes.Count == 0 ? int.MaxValue : Math.Max(1, chunkSizes[_chunk++ % chunkSizes.Count]);
        var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
