using System.Text;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>What a hostile or broken client sends instead of a request, drawn from a seeded random source.</summary>
internal static class Garbage
{
    private const string ValidHead = "GET /garbage HTTP/1.1\r\nHost: fault\r\nUser-Agent: flood\r\nAccept: */*\r\n\r\n";

    /// <summary>The kinds, each a function of the random source.</summary>
    public static IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Kinds { get; } =
    [
        ("random bytes", random => Bytes(random, random.Next(1, 4096))),
        ("random bytes after a request line", random => [.. Latin1("GET / HTTP/1.1\r\n"), .. Bytes(random, random.Next(1, 2048))]),
        ("a head cut short", random => Latin1(ValidHead[..random.Next(1, ValidHead.Length - 1)])),
        ("a header line over the 32 KiB limit", random => Latin1($"GET / HTTP/1.1\r\nHost: fault\r\nX-Huge: {new string('h', random.Next(33, 96) * 1024)}\r\n\r\n")),
        ("a request line over the 8 KiB limit", random => Latin1($"GET /{new string('u', random.Next(9, 64) * 1024)} HTTP/1.1\r\n\r\n")),
        ("more header fields than allowed", random => Latin1("GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, random.Next(101, 1000)).Select(i => $"X-{i}: v\r\n")) + "\r\n")),
        ("a body shorter than its Content-Length", random => Latin1($"POST / HTTP/1.1\r\nHost: fault\r\nContent-Length: {random.Next(100, 1_000_000)}\r\n\r\nshort")),
        ("a Content-Length that is not a number", _ => Latin1("POST / HTTP/1.1\r\nHost: fault\r\nContent-Length: -1x\r\n\r\n")),
        ("control bytes in the head", random => Latin1("GET /\0\u0001 HTTP/1.1\r\nHo\0st: \u007f\r\n" + new string('\n', random.Next(1, 50)) + "\r\n")),
    ];

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
