using System.Buffers;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests;

/// <summary>Invariants of the chunked decoder, over generated bodies, chunkings, extensions, trailers and mutations.</summary>
public sealed class ChunkedDecoderProperties
{
    /// <summary>A body as a client chunks it: what the decoder must give back, and which bytes are pure framing.</summary>
    public sealed record ChunkedBody(byte[] Body, int[] ChunkSizes, string[] Extensions, string[] Trailers)
    {
        public (byte[] Bytes, bool[] IsFraming) Encode()
        {
            var bytes = new List<byte>();
            var framing = new List<bool>();
            void Add(ReadOnlySpan<byte> part, bool isFraming)
            {
                foreach (var b in part)
                {
                    bytes.Add(b);
                    framing.Add(isFraming);
                }
            }

            var offset = 0;
            for (var i = 0; offset < Body.Length; i++)
            {
                var size = Math.Min(ChunkSizes[i % ChunkSizes.Length], Body.Length - offset);
                Add(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture)), false); // size digits: see the mutation property
                Add(Encoding.ASCII.GetBytes(Extensions[i % Extensions.Length] + "\r\n"), true);
                Add(Body.AsSpan(offset, size), false);
                Add("\r\n"u8, true);
                offset += size;
            }

            Add("0"u8, false);
            Add(Encoding.ASCII.GetBytes(Extensions[0] + "\r\n" + string.Concat(Trailers.Select(t => t + "\r\n")) + "\r\n"), true);
            return ([.. bytes], [.. framing]);
        }

        public override string ToString() => Encoding.Latin1.GetString(Encode().Bytes).Replace("\r\n", "⏎", StringComparison.Ordinal);
    }

    private static Gen<string> Token() =>
        Gen.Elements("abcXYZ019!#$%&'*+-.^_`|~".ToCharArray()).ArrayOf().Where(a => a.Length is > 0 and <= 8).Select(a => new string(a));

    private static Gen<string> Extension() => Gen.OneOf(
        Gen.Constant(""),
        from name in Token() select ";" + name,
        from name in Token() from value in Token() select $";{name}={value}",
        from name in Token() from value in Token() select $" ;{name}=\"{value} x\"");

    private static Gen<ChunkedBody> Bodies() =>
        from body in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(a => a.Take(600).ToArray())
        from sizes in Gen.Choose(1, 300).ArrayOf().Where(a => a.Length > 0)
        from extensions in Extension().ArrayOf().Where(a => a.Length > 0)
        from trailers in (from name in Token() from value in Token() select $"{name}: {value}").ArrayOf().Select(a => a.Take(3).ToArray())
        select new ChunkedBody(body, sizes, extensions, trailers);

    /// <summary>Decodes as a server would, feeding the bytes in segments of the given sizes into small destinations.</summary>
    private static (bool Done, byte[] Body, int Consumed) Decode(byte[] stream, int[] segments, int destinationSize)
    {
        var decoder = new HttpChunkedDecoder(maxBodyLength: 1 << 20, maxTrailerBytes: 4096);
        var body = new ArrayBufferWriter<byte>();
        var available = 0;
        var consumed = 0;
        for (var i = 0; ; i++)
        {
            available = Math.Min(stream.Length, available + segments[i % segments.Length]);
            OperationStatus status;
            do
            {
                status = decoder.Decode(stream.AsSpan(consumed, available - consumed), body.GetSpan(destinationSize)[..destinationSize], out var used, out var written);
                body.Advance(written);
                consumed += used;
            }
            while (status == OperationStatus.DestinationTooSmall);

            if (status == OperationStatus.Done || available == stream.Length)
            {
                return (status == OperationStatus.Done, body.WrittenSpan.ToArray(), consumed);
            }
        }
    }

    #region property-chunked-round-trip
    [Property(MaxTest = 300)]
    public Property Any_body_in_any_chunks_with_any_extensions_decodes_to_itself_however_it_arrives() =>
        Prop.ForAll(
            Bodies().ToArbitrary(),
            Gen.Choose(1, 40).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(1, 64).ToArbitrary(),
            (chunked, segments, destinationSize) =>
            {
                var (bytes, _) = chunked.Encode();
                var (done, body, consumed) = Decode(bytes, segments, destinationSize);
                return done && consumed == bytes.Length && body.AsSpan().SequenceEqual(chunked.Body);
            });
    #endregion

    #region property-chunked-mutation
    /// <summary>
    /// A byte of framing (a line ending, an extension, the trailer section) changed to any other value: the stream
    /// decodes to the same body, ending at the same byte, or it is refused; it is never read as something else.
    /// The size digits and the data are left out, because changing them can make another valid stream with another
    /// body (<c>1⏎a⏎1⏎b⏎0⏎⏎</c> with its first size made 7 is <c>a⏎1⏎b</c>); for those, the next property holds.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property A_changed_framing_byte_never_yields_a_different_body_or_boundary() =>
        Prop.ForAll(Bodies().ToArbitrary(), Gen.Choose(0, 255).ToArbitrary(), (chunked, anyValue) =>
        {
            var (original, isFraming) = chunked.Encode();
            // Every framing byte, changed to each byte that means something in chunked framing and to one random byte.
            byte[] values = [(byte)'\r', (byte)'\n', (byte)';', (byte)':', (byte)' ', (byte)'\t', (byte)'0', (byte)'a', 0, (byte)anyValue];
            var misread = Enumerable.Range(0, original.Length).Where(i => isFraming[i])
                .SelectMany(position => values.Where(v => v != original[position]).Select(value => (position, value)))
                .Where(mutation => !((Func<bool>)(() =>
                {
                    var bytes = original.ToArray();
                    bytes[mutation.position] = mutation.value;
                    try
                    {
                        var (done, body, consumed) = Decode(bytes, [bytes.Length], 4096);
                        return !done || (consumed == bytes.Length && body.AsSpan().SequenceEqual(chunked.Body));
                    }
                    catch (HttpRequestRejectedException refused)
                    {
                        return refused.StatusCode is 400 or 413 or 431; // 413: a separator made a hex digit grows the size past the limit
                    }
                }))())
                .Select(mutation => $"byte {mutation.position} made 0x{mutation.value:x2}")
                .ToList();
            return (misread.Count == 0).Label("misread after: " + string.Join(", ", misread.Take(3)));
        });
    #endregion

    [Property(MaxTest = 500)]
    public Property Any_changed_byte_is_read_the_same_however_the_stream_is_segmented() =>
        Prop.ForAll(Bodies().ToArbitrary(), Mutations().ToArbitrary(), Gen.Choose(1, 7).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            (chunked, mutation, segments) =>
            {
                var (position, value) = mutation;
                var (bytes, _) = chunked.Encode();
                bytes[position % bytes.Length] = (byte)value;
                return Outcome(() => Decode(bytes, [bytes.Length], 4096)) == Outcome(() => Decode(bytes, segments, 3));
            });

    private static Gen<(int Where, int Value)> Mutations() =>
        from position in Gen.Choose(0, 100_000) from value in Gen.Choose(0, 255) select (position, value);

    private static string Outcome(Func<(bool Done, byte[] Body, int Consumed)> decode)
    {
        try
        {
            var (done, body, consumed) = decode();
            return $"{done} {consumed} {Convert.ToHexString(body)}";
        }
        catch (HttpRequestRejectedException refused)
        {
            return $"refused {refused.StatusCode}";
        }
    }
}
