using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PooledMixIn.TestSupport;

/// <summary>
/// A deliberately small HTTP/1.1 client over a raw socket, so tests control every byte sent (malformed requests
/// included) and see exactly what came back. Every read and write is bounded by <see cref="TestTimeouts.Operation"/>.
/// </summary>
public sealed class RawHttpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly BufferedStream _input;

    private RawHttpClient(Socket socket)
    {
        _socket = socket;
        _socket.ReceiveTimeout = _socket.SendTimeout = (int)TestTimeouts.Operation.TotalMilliseconds;
        _input = new BufferedStream(new NetworkStream(_socket, ownsSocket: false));
    }

    /// <summary>Connects to <paramref name="endPoint"/> (TCP or Unix).</summary>
    public static RawHttpClient Connect(EndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream,
            endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            socket.Connect(endPoint);
            return new RawHttpClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one GET and reads its response on a new connection, as siege and the seed's benchmark do.</summary>
    public static HttpResponse Get(EndPoint endPoint, string path)
    {
        using var client = Connect(endPoint);
        client.Send($"GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        return client.ReadResponse();
    }

    /// <summary>The underlying socket.</summary>
    public Socket Socket => _socket;

    /// <summary>Sends text as Latin-1 bytes.</summary>
    public void Send(string text) => Send(Encoding.Latin1.GetBytes(text));

    /// <summary>Sends bytes.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    /// <summary>Reads one response: status line, headers, and a body delimited by Content-Length or by the close.</summary>
    /// <exception cref="IOException">The connection closed before a status line arrived.</exception>
    public HttpResponse ReadResponse()
    {
        var statusLine = ReadLine() ?? throw new IOException("The connection closed before a response arrived.");
        var parts = statusLine.Split(' ', 3);
        var status = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var headers = new List<KeyValuePair<string, string>>();
        for (var line = ReadLine(); !string.IsNullOrEmpty(line); line = ReadLine())
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var response = new HttpResponse(status, headers, []);
        var length = response.Header("Content-Length");
        var body = length is null ? ReadToEnd() : ReadExactly(int.Parse(length, CultureInfo.InvariantCulture));
        return response with { Body = body };
    }

    /// <summary>Whether the server closed the connection: the next read returns end of stream (or a reset).</summary>
    public bool IsClosedByServer()
    {
        try
        {
            return _input.ReadByte() < 0;
        }
        catch (IOException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _input.Dispose();
        _socket.Dispose();
    }

    private string? ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = _input.ReadByte();
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

    private byte[] ReadExactly(int count)
    {
        var buffer = new byte[count];
        _input.ReadExactly(buffer);
        return buffer;
    }

    private byte[] ReadToEnd()
    {
        using var memory = new MemoryStream();
        _input.CopyTo(memory);
        return memory.ToArray();
    }
}
