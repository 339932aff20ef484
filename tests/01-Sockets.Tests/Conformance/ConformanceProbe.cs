using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PooledMixIn.Sockets.Tests.Conformance;

/// <summary>A response as the probe read it: status, headers and body, framed as RFC 9112 §6.3 says.</summary>
public sealed record ProbeResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>What a server did with one case's bytes: its responses, and whether it closed the connection after them.</summary>
public sealed record ProbeResult(IReadOnlyList<ProbeResponse> Responses, bool Closed)
{
    public ProbeResponse? First => Responses.Count > 0 ? Responses[0] : null;

    public override string ToString() =>
        $"{(Responses.Count == 0 ? "no response" : string.Join(" ", Responses.Select(r => r.Status)))}, {(Closed ? "closed" : "open")}";
}

/// <summary>
/// Sends a case's raw bytes to a server and reads what comes back, the way a strict client would: interim 1xx
/// responses are kept, bodies are framed by Content-Length, chunked coding or the close, and a response to HEAD
/// has no body. Every wait is bounded.
/// </summary>
public static class ConformanceProbe
{
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(5);

    public static ProbeResult Run(EndPoint server, ConformanceCase testCase)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.ReceiveTimeout = socket.SendTimeout = (int)s_readTimeout.TotalMilliseconds;
        socket.Connect(server);
        using var input = new BufferedStream(new NetworkStream(socket, ownsSocket: false));
        var responses = new List<ProbeResponse>();
        var methods = testCase.ResponseMethods;
        try
        {
            for (var part = 0; part < testCase.Parts.Count; part++)
            {
                socket.Send(testCase.Parts[part]);
                if (part < testCase.Parts.Count - 1 && testCase.AwaitInterimBetweenParts)
                {
                    // Expect: 100-continue: the body goes only once the server said to send it.
                    var interim = ReadResponse(input, "GET");
                    if (interim is null)
                    {
                        return new(responses, true);
                    }

                    responses.Add(interim);
                    if (interim.Status >= 200)
                    {
                        return new(responses, IsClosed(socket, input));
                    }
                }
            }

            while (responses.Count(r => r.Status >= 200) < testCase.ExpectedResponses)
            {
                var method = methods.Count > 0 ? methods[Math.Min(responses.Count(r => r.Status >= 200), methods.Count - 1)] : "GET";
                var response = ReadResponse(input, method);
                if (response is null)
                {
                    return new(responses, true);
                }

                responses.Add(response);
                if (response.Status >= 400 && response.Header("Connection") == "close")
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            return new(responses, true); // reset, or a read timed out: either way no (further) answer came
        }

        return new(responses, !testCase.CheckClose || IsClosed(socket, input));
    }

    /// <summary>Whether the server closes within the read timeout; more bytes instead count as "not closed".</summary>
    private static bool IsClosed(Socket socket, BufferedStream input)
    {
        try
        {
            return input.ReadByte() < 0;
        }
        catch (IOException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return true;
        }
        catch (IOException)
        {
            _ = socket;
            return false; // timed out: still open
        }
    }

    private static ProbeResponse? ReadResponse(BufferedStream input, string method)
    {
        var statusLine = ReadLine(input);
        if (statusLine is null)
        {
            return null;
        }

        var parts = statusLine.Split(' ', 3);
        // A status line that does not start the response exactly (left-over body bytes before it) counts as garbage.
        var status = parts.Length >= 2 && parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1;
        var headers = new List<KeyValuePair<string, string>>();
        for (var line = ReadLine(input); !string.IsNullOrEmpty(line); line = ReadLine(input))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(colon < 0 ? new(line, "") : new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var response = new ProbeResponse(status, headers, []);
        if (method == "HEAD" || status is < 200 or 204 or 304)
        {
            return response;
        }

        if (response.Header("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return response with { Body = ReadChunked(input) };
        }

        if (response.Header("Content-Length") is { } length)
        {
            var body = new byte[int.Parse(length, CultureInfo.InvariantCulture)];
            input.ReadExactly(body);
            return response with { Body = body };
        }

        using var rest = new MemoryStream();
        input.CopyTo(rest);
        return response with { Body = rest.ToArray() };
    }

    private static byte[] ReadChunked(BufferedStream input)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = ReadLine(input) ?? throw new IOException("The chunked response ended early.");
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while (!string.IsNullOrEmpty(ReadLine(input)))
                {
                }

                return body.ToArray();
            }

            var chunk = new byte[size];
            input.ReadExactly(chunk);
            body.Write(chunk);
            ReadLine(input);
        }
    }

    private static string? ReadLine(BufferedStream input)
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = input.ReadByte();
            if (b < 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }
}
