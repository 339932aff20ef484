using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;

namespace PooledMixIn.Threading;

/// <summary>
/// What the two thread mix-ins share: Python's <c>daemon_threads</c> and <c>block_on_close</c>, a bound on
/// requests in flight that makes the serve loop wait rather than drop, counters, and the body every request thread
/// runs (Python's <c>process_request_thread</c>).
/// </summary>
/// <remarks>
/// <para>
/// A mix-in composes with any layer-1 server through the server's constructor, the seam layer 1 defines in place
/// of Python's multiple inheritance: <c>new HttpServer(endPoint, handlerFactory, new ThreadingMixIn())</c> is
/// Python's <c>class Server(ThreadingMixIn, HTTPServer)</c>, and the same works for <see cref="TcpServer"/> and
/// <see cref="UnixStreamServer"/>. Later layers plug processes and the pool into the same seam.
/// </para>
/// <para>
/// Settings are <c>init</c>-only: they are fixed before the server first serves, so no thread ever sees them
/// change.
/// </para>
/// </remarks>
public abstract class ThreadedMixIn : ServerMixIn
{
    private ConcurrencyLimit? _limit;

    /// <summary>
    /// Whether request threads are background threads, which do not keep the process alive and are not waited for
    /// on close: Python's <c>daemon_threads</c>. Default <see langword="false"/>.
    /// </summary>
    public bool DaemonThreads { get; init; }

    /// <summary>
    /// Whether closing the server waits for the requests in flight to finish (for non-daemon threads only):
    /// Python's <c>block_on_close</c>. Default <see langword="true"/>.
    /// </summary>
    public bool BlockOnClose { get; init; } = true;

    /// <summary>
    /// How long closing the server waits, in total, for requests in flight when it blocks on close. Default
    /// <see cref="Timeout.InfiniteTimeSpan"/>, as Python waits; each read and write of the HTTP handlers is bounded
    /// already. Threads still running after it are logged and left to finish on their own.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>What this mix-in has done so far.</summary>
    public RequestCounters Counters { get; } = new();

    /// <summary>The most requests in flight at once, or <see langword="null"/> for no bound.</summary>
    protected abstract int? MaxInFlight { get; }

    private ConcurrencyLimit Limit => _limit ??= new ConcurrencyLimit(MaxInFlight, Counters);

    /// <summary>
    /// Whether <see cref="ServerMixIn.ServerClose"/> waits for the request threads: only non-daemon threads, and only
    /// with <see cref="BlockOnClose"/>, exactly as Python decides.
    /// </summary>
    private protected bool JoinsOnClose => BlockOnClose && !DaemonThreads;

    /// <summary>
    /// One turn of the serve loop, under the bound: wait (at most one poll interval, so a shutdown is still noticed)
    /// until a thread may run another request, and only then poll and accept.
    /// </summary>
    /// <param name="pollInterval">The longest wait of this turn.</param>
    protected override void ServeOnce(TimeSpan pollInterval)
    {
        #region concurrency-bound
        var turnStarted = Stopwatch.GetTimestamp();
        if (!Limit.TryReserve(pollInterval))
        {
            return; // Every thread is busy: connections wait in the kernel's listen queue, none is dropped.
        }

        try
        {
            var left = pollInterval - Stopwatch.GetElapsedTime(turnStarted);
            base.ServeOnce(left > TimeSpan.Zero ? left : TimeSpan.Zero); // poll, then accept without blocking
        }
        finally
        {
            Limit.CancelReservation(); // No-op when an accepted connection used the slot.
        }
        #endregion
    }

    /// <summary>Takes a slot under the bound and counts the connection; returns its number, for thread names.</summary>
    private protected long BeginRequest()
    {
        Limit.Take();
        return Counters.OnAccepted();
    }

    /// <summary>Undoes <see cref="BeginRequest"/> for a connection no thread will run.</summary>
    private protected void AbandonRequest()
    {
        Counters.OnFinished(succeeded: false);
        Limit.Release();
    }

    /// <summary>
    /// Serves one connection on the current thread and closes it: Python's <c>process_request_thread</c>. A handler's
    /// exception goes to <see cref="SocketServer.HandleError"/>; nothing escapes, because an unhandled exception on
    /// a thread ends the whole process.
    /// </summary>
    /// <returns>Whether the handler finished without an exception.</returns>
    private protected bool RunRequest(Socket request, EndPoint clientAddress)
    {
        var succeeded = false;
        try
        {
            try
            {
                Server.FinishRequest(request, clientAddress);
                succeeded = true;
            }
            catch (Exception exception)
            {
                Server.HandleError(request, clientAddress, exception);
            }
            finally
            {
                Server.ShutdownRequest(request);
            }
        }
        catch (Exception exception)
        {
            // An overridden HandleError or ShutdownRequest threw: log it, keep the server alive.
            Log.RequestCleanupFailed(Server.Logger, clientAddress.ToString() ?? "a client", exception);
        }
        finally
        {
            Counters.OnFinished(succeeded);
            Limit.Release();
        }

        return succeeded;
    }

    /// <summary>
    /// Joins <paramref name="threads"/> within <see cref="CloseTimeout"/> in total, skipping the calling thread (a
    /// handler that closes its own server cannot wait for itself). Logs the threads it stopped waiting for.
    /// </summary>
    #region join-all
    private protected void JoinAll(IEnumerable<Thread> threads)
    {
        var started = Stopwatch.GetTimestamp();
        var stillRunning = 0;
        foreach (var thread in threads)
        {
            if (thread == Thread.CurrentThread)
            {
                continue;
            }

            var left = CloseTimeout == Timeout.InfiniteTimeSpan
                ? Timeout.InfiniteTimeSpan
                : CloseTimeout - Stopwatch.GetElapsedTime(started);
            if (!thread.Join(left == Timeout.InfiniteTimeSpan || left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                stillRunning++;
            }
        }

        if (stillRunning > 0)
        {
            Log.CloseTimedOut(Server.Logger, stillRunning, CloseTimeout);
        }
    }
    #endregion
}
