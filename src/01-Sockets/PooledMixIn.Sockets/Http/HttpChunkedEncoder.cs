using System.Buffers.Text;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// Writes the chunked transfer coding (RFC 9112 §7.1): each piece of a body as <c>size-in-hex CRLF data CRLF</c>,
/// then the last chunk <c>0 CRLF CRLF</c>. A response whose length is not known in advance is framed this way on
/// HTTP/1.1, so the connection can stay open after it.
/// </summary>
public static class HttpChunkedEncoder
{
    /// <summary>The last chunk with an empty trailer section: what ends a chunked body.</summary>
    public static ReadOnlySpan<byte> LastChunk => "0\r\n\r\n"u8;

    /// <summary>
    /// Writes <paramref name="data"/> as one chunk. Empty data writes nothing, because an empty chunk is the last
    /// chunk and would end the body.
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="data">The chunk's data.</param>
    public static void WriteChunk(Stream output, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (data.IsEmpty)
        {
            return;
        }

        Span<byte> header = stackalloc byte[MaxChunkHeaderLength];
        output.Write(header[..FormatChunkHeader(data.Length, header)]);
        output.Write(data);
        output.Write("\r\n"u8);
    }

    /// <summary>Writes <see cref="LastChunk"/>, which ends the body.</summary>
    /// <param name="output">Where to write.</param>
    public static void WriteLastChunk(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(LastChunk);
    }

    /// <summary>The longest chunk header <see cref="FormatChunkHeader"/> writes: 8 hex digits and CRLF.</summary>
    public const int MaxChunkHeaderLength = 10;

    /// <summary>Formats the header of a chunk of <paramref name="length"/> bytes (<c>size-in-hex CRLF</c>).</summary>
    /// <param name="length">The chunk's length; positive.</param>
    /// <param name="destination">At least <see cref="MaxChunkHeaderLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int FormatChunkHeader(int length, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!Utf8Formatter.TryFormat(length, destination, out var written, new System.Buffers.StandardFormat('X')) ||
            written + 2 > destination.Length)
        {
            throw new ArgumentException($"The destination needs {MaxChunkHeaderLength} bytes.", nameof(destination));
        }

        destination[written++] = (byte)'\r';
        destination[written++] = (byte)'\n';
        return written;
    }
}
