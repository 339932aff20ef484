using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests;

/// <summary>Invariants of the HTTP request parser, over generated requests and arbitrary bytes.</summary>
public sealed class HttpParserProperties
{
    private static readonly int[] s_refusalStatuses = [400, 408, 413, 414, 431, 501, 505];

    /// <summary>A request as a test generates it: what the parser must give back.</summary>
    public sealed record GeneratedRequest(string Method, string Target, string Version, KeyValuePair<string, string>[] Headers, byte[] Body)
    {
        public byte[] ToBytes()
        {
            var head = new StringBuilder($"{Method} {Target} {Version}\r\n");
            foreach (var (name, value) in Headers)
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }

            if (Body.Length > 0)
            {
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n");
            }

            head.Append("\r\n");
            return [.. Encoding.Latin1.GetBytes(head.ToString()), .. Body];
        }

        public override string ToString() => Encoding.Latin1.GetString(ToBytes()).Replace("\r\n", "⏎", StringComparison.Ordinal);
    }

    private static Gen<string> Token(int maxLength) =>
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~".ToCharArray())
            .ArrayOf().Where(a => a.Length is > 0 && a.Length <= maxLength).Select(a => new string(a));

    private static Gen<string> FieldValue() =>
        Gen.Elements(" !\"#abcXYZ019:;/=?@[]{}~\t\u00e9".ToCharArray())
            .ArrayOf().Where(a => a.Length <= 40).Select(a => new string(a).Trim(' ', '\t'));

    private static Gen<GeneratedRequest> Requests() =>
        from method in Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")
        from path in Token(30)
        from version in Gen.Elements("HTTP/1.0", "HTTP/1.1")
        from names in Token(20).Where(n => !n.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
            && !n.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && !n.Equals("Host", StringComparison.OrdinalIgnoreCase)).ArrayOf()
        from values in FieldValue().ArrayOf()
        from body in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()
        let count = Math.Min(Math.Min(names.Length, values.Length), 20)
        let headers = names.Take(count).Zip(values.Take(count), (n, v) => new KeyValuePair<string, string>(n, v))
            .Prepend(new("Host", "example.test")).ToArray()
        select new GeneratedRequest(method, "/" + path, version, headers, body.Take(200).ToArray());

    /// <summary>
    /// Parses as a server receives: whatever each read delivers is appended to what came before, and the head is
    /// looked for again, until it is complete; then the body its framing announces.
    /// </summary>
    private static (HttpRequestHead? Head, byte[] Body) Parse(Stream input)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        HttpRequestHead? head;
        int consumed;
        while (!HttpRequestParser.TryParseHead(received.ToArray(), HttpRequestLimits.Default, out head, out consumed))
        {
            var n = input.Read(buffer);
            if (n == 0)
            {
                return received.Count == 0 ? (null, []) : throw new HttpRequestRejectedException(400, "The request ended early.");
            }

            received.AddRange(buffer.AsSpan(0, n));
        }

        var framing = HttpRequestBodyFraming.Of(head, HttpRequestLimits.Default);
        var rest = received.Skip(consumed).ToList();
        for (int n; rest.Count < framing.ContentLength && (n = input.Read(buffer)) > 0;)
        {
            rest.AddRange(buffer.AsSpan(0, n));
        }

        return rest.Count >= framing.ContentLength
            ? (head, rest.Take((int)framing.ContentLength).ToArray())
            : throw new HttpRequestRejectedException(400, "The body ended early.");
    }

    #region property-chunking
    [Property(MaxTest = 300)]
    public Property Any_split_of_a_request_into_chunks_parses_the_same_as_the_whole() =>
        Prop.ForAll(
            Requests().ToArbitrary(),
            Gen.Choose(1, 64).ArrayOf().ToArbitrary(),
            (request, chunkSizes) =>
            {
                var bytes = request.ToBytes();
                var whole = Parse(new MemoryStream(bytes));
                var chunked = Parse(new ChunkedReadStream(bytes, chunkSizes));

                return chunked.Head!.RequestLine == whole.Head!.RequestLine
                    && chunked.Head.Headers.SequenceEqual(whole.Head.Headers)
                    && chunked.Body.AsSpan().SequenceEqual(whole.Body);
            });
    #endregion

    [Property(MaxTest = 300)]
    public Property Any_request_within_the_limits_round_trips_line_headers_and_body() =>
        Prop.ForAll(Requests().ToArbitrary(), request =>
        {
            var (head, body) = Parse(new MemoryStream(request.ToBytes()));
            var expectedHeaders = request.Body.Length > 0
                ? [.. request.Headers, new("Content-Length", request.Body.Length.ToString(CultureInfo.InvariantCulture))]
                : request.Headers;

            return head is not null
                && head.Method == request.Method && head.Target == request.Target && head.Version == request.Version
                && head.Headers.SequenceEqual(expectedHeaders)
                && body.AsSpan().SequenceEqual(request.Body);
        });

    private static Gen<byte[]> HostileBytes() => Gen.OneOf(
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(),
        // A valid request with one byte changed: the hardest inputs are almost right.
        from request in Requests()
        from value in Gen.Choose(0, 255)
        from position in Gen.Choose(0, 10_000)
        let bytes = request.ToBytes()
        select Mutate(bytes, position % bytes.Length, (byte)value),
        // A valid request cut short anywhere.
        from request in Requests()
        from cut in Gen.Choose(0, 10_000)
        let bytes = request.ToBytes()
        select bytes[..(cut % (bytes.Length + 1))]);

    private static byte[] Mutate(byte[] bytes, int position, byte value)
    {
        bytes[position] = value;
        return bytes;
    }

    #region property-hostile-bytes
    [Property(MaxTest = 500)]
    public Property Any_byte_string_is_either_parsed_or_refused_with_a_client_error_status() =>
        Prop.ForAll(HostileBytes().ToArbitrary(), bytes =>
        {
            try
            {
                Parse(new MemoryStream(bytes));
                return true;
            }
            catch (HttpRequestRejectedException refused)
            {
                return s_refusalStatuses.Contains(refused.StatusCode);
            }
        });
    #endregion
}
