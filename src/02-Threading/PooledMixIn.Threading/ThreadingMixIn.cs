using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;

namespace PooledMixIn.Threading;

/// <summary>
/// Runs each accepted connection on a new thread: Python's <c>socketserver.ThreadingMixIn</c>, Stevens' <em>thread
/// per client</em>. The serve loop goes straight back to accepting.
/// </summary>
/// <remarks>
/// <para>Compose it with any server: <c>new HttpServer(endPoint, handlerFactory, new ThreadingMixIn())</c>.</para>
/// <para>
/// Request threads are named <c>request-N</c>, N counting connections from 1. Non-daemon threads are remembered
/// until they end, so that closing the server can join them (<see cref="ThreadedMixIn.BlockOnClose"/>); ended
/// threads are dropped on the next connection and on every turn of the serve loop, so none accumulate.
/// </para>
/// <para>
/// Without <see cref="MaxThreads"/> (the default, as in Python) a burst of clients gets a burst of threads. With it,
/// the serve loop stops accepting while that many requests run; further clients wait in the listen queue.
/// </para>
/// </remarks>
public class ThreadingMixIn : ThreadedMixIn
{
    private readonly RequestThreadList _threads = new();
    private readonly int? _maxThreads;

    /// <summary>
    /// The most request threads alive at once, or <see langword="null"/> (the default) for no bound. When reached,
    /// the server waits for a thread to finish before it accepts the next connection.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MaxThreads
    {
        get => _maxThreads;
        init
        {
            if (value is { } max)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(value));
            }

            _maxThreads = value;
        }
    }

    /// <inheritdoc />
    protected override int? MaxInFlight => MaxThreads;

    /// <summary>How many non-daemon threads are remembered for joining: live ones, plus those ended since the last reap.</summary>
    internal int TrackedThreadCount => _threads.Count;

    /// <summary>Starts a thread that serves the connection: Python's <c>process_request</c>.</summary>
    /// <param name="request">The accepted connection; the new thread closes it.</param>
    /// <param name="clientAddress">The peer's address.</param>
    protected override void ProcessRequest(Socket request, EndPoint clientAddress)
    {
        #region threading-process-request
        var number = BeginRequest(); // waits here if MaxThreads are alive and the loop did not reserve a slot
        var thread = new Thread(() => RunRequest(request, clientAddress))
        {
            IsBackground = DaemonThreads,
            Name = "request-" + number.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            thread.Start();
        }
        catch
        {
            AbandonRequest(); // No thread (out of memory, thread limit): the server reports it and closes the connection.
            throw;
        }

        if (JoinsOnClose)
        {
            _threads.Add(thread); // also drops the threads that have ended
        }
        #endregion
    }

    /// <summary>Drops ended threads from the join list on every turn of the serve loop.</summary>
    protected override void ServiceActions()
    {
        _threads.Reap();
        base.ServiceActions();
    }

    /// <summary>
    /// Waits for the non-daemon request threads still running, within <see cref="ThreadedMixIn.CloseTimeout"/>,
    /// when <see cref="ThreadedMixIn.BlockOnClose"/> is set: Python's <c>server_close</c>. Runs after the serve loop
    /// has stopped, so no new thread starts meanwhile.
    /// </summary>
    protected override void ServerClose()
    {
        #region threading-server-close
        if (JoinsOnClose)
        {
            JoinAll(_threads.PopAll());
        }
        #endregion
        base.ServerClose();
    }
}
