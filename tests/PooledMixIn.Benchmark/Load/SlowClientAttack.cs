using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// Issue 13's attack, as a command (<c>attack</c>): opens connections that send nothing and connections that send half
/// a request head and stop (slowloris), then times new clients one after another, then waits (bounded) to see how
/// the slow connections end. A pool that gives a thread to every connection stops answering once P × T of them are
/// open; one that parks them (<c>--connections event</c>) answers at once.
/// </summary>
internal static class SlowClientAttack
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Runs the attack on <paramref name="server"/> and writes what a new client saw to <paramref name="output"/>.</summary>
    /// <param name="probePath">What each new client asks for (with <c>?new-client=N</c> added): a path the server
    /// answers with 200, so that an answer and a refusal read differently.</param>
    public static async Task RunAsync(IPEndPoint server, int idle, int slowloris, int probes, TimeSpan probeTimeout, TimeSpan endWait,
        string probePath, TextWriter output, CancellationToken cancellation)
    {
        var attackers = new List<Socket>();
        try
        {
            var silent = await ConnectAllAsync(server, idle, cancellation);
            attackers.AddRange(silent);
            var slow = await ConnectAllAsync(server, slowloris, cancellation);
            attackers.AddRange(slow);
            for (var i = 0; i < slow.Count; i++)
            {
                await slow[i].SendAsync(Encoding.ASCII.GetBytes($"GET /slowloris-{i} HTTP/1.1\r\nHost: attack\r\nX-Slow: "), cancellation);
            }

            output.WriteLine($"attack: {silent.Count} of {idle} silent and {slow.Count} of {slowloris} slowloris connections open");
            for (var i = 0; i < probes; i++)
            {
                output.WriteLine($"new client {i}: {await ProbeAsync(server, $"{probePath}?new-client={i}", probeTimeout, cancellation)}");
            }

            if (slow.Count == 0)
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            var ends = await Task.WhenAll(slow.Select(socket => EndOfAsync(socket, endWait, cancellation)));
            output.WriteLine($"slowloris ends: {string.Join(", ", ends.GroupBy(e => e).Select(g => $"{g.Count()} {g.Key}"))} within {clock.Elapsed.TotalSeconds:0.0} s more");
        }
        finally
        {
            foreach (var socket in attackers)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>
    /// Opens up to <paramref name="count"/> connections at once, each given a few seconds: a server that accepts only
    /// when a thread is free leaves them in its backlog, which the kernel completes without it, up to its bound.
    /// </summary>
    private static async Task<List<Socket>> ConnectAllAsync(IPEndPoint server, int count, CancellationToken cancellation)
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(s_connectTimeout);
            try
            {
                await socket.ConnectAsync(server, timeout.Token);
                return socket;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
            {
                socket.Dispose();
                return null;
            }
        }));
        return [.. attempts.OfType<Socket>()];
    }

    /// <summary>One new client: a GET on a new connection, timed to its status line.</summary>
    private static async Task<string> ProbeAsync(IPEndPoint server, string path, TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(server, deadline.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: attack\r\nConnection: close\r\n\r\n"), deadline.Token);
            var statusLine = await ReadStatusLineAsync(socket, deadline.Token);
            return statusLine is null
                ? $"closed without an answer after {Milliseconds(clock)} ms"
                : $"{statusLine} after {Milliseconds(clock)} ms";
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return $"no answer after {Milliseconds(clock)} ms";
        }
        catch (SocketException exception)
        {
            return $"{exception.SocketErrorCode} after {Milliseconds(clock)} ms";
        }
    }

    /// <summary>How a slowloris connection ended within <paramref name="wait"/>: its status code, a close, or nothing yet.</summary>
    private static async Task<string> EndOfAsync(Socket socket, TimeSpan wait, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(wait);
        try
        {
            return await ReadStatusLineAsync(socket, deadline.Token) is { } statusLine ? statusLine.Split(' ')[1] : "closed";
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return "still open";
        }
        catch (SocketException)
        {
            return "reset";
        }
    }

    private static async Task<string?> ReadStatusLineAsync(Socket socket, CancellationToken cancellation)
    {
        var received = new List<byte>();
        var buffer = new byte[256];
        while (true)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation);
            if (count == 0)
            {
                return received.Count == 0 ? null : Encoding.ASCII.GetString([.. received]);
            }

            received.AddRange(buffer.AsSpan(0, count));
            var end = received.IndexOf((byte)'\r');
            if (end >= 0)
            {
                return Encoding.ASCII.GetString([.. received[..end]]);
            }
        }
    }

    private static string Milliseconds(Stopwatch clock) => clock.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture);
}
