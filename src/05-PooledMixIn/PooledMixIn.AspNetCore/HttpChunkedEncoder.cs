using System.Globalization;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// The chunked transfer coding of a response body whose length is unknown (RFC 9112 §7.1), so the connection can
/// stay open after it. A stand-in with the shape of layer 1's encoder, which is being written on another branch:
/// once layer 1 has it, this file goes and the callers use layer 1's unchanged.
/// </summary>
internal static class HttpChunkedEncoder
{
    /// <summary>Writes <paramref name="data"/> as one chunk; nothing for empty data, which would end the body.</summary>
    public static void WriteChunk(Stream output, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        Span<byte> header = stackalloc byte[10];
        data.Length.TryFormat(header, out var written, "X", CultureInfo.InvariantCulture);
        header[written++] = (byte)'\r';
        header[written++] = (byte)'\n';
        output.Write(header[..written]);
        output.Write(data);
        output.Write("\r\n"u8);
    }

    /// <summary>Writes the last chunk with no trailers, which ends the body.</summary>
    public static void WriteLastChunk(Stream output) => output.Write("0\r\n\r\n"u8);
}
