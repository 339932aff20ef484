using System.Net;
using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>
/// The concurrency model a <see cref="SocketServer"/> delegates to: C#'s answer to Python's mix-in classes.
/// </summary>
/// <remarks>
/// <para>
/// In Python a server gains concurrency by multiple inheritance: <c>class Server(ThreadingMixIn, TCPServer)</c>,
/// where the mix-in overrides <c>process_request</c> (and, for pools, the accept step). C# has single inheritance,
/// so the same idea becomes composition: the server owns one <see cref="ServerMixIn"/> and calls it at exactly the
/// points a Python mix-in overrides. Any server (<see cref="TcpServer"/>, <see cref="UnixStreamServer"/>,
/// <see cref="HttpServer"/>) combines with any mix-in, and a reader sees everything a concurrency model adds in
/// one class.
/// </para>
/// <para>
/// The hooks, in the order a server meets them: <see cref="ProvideListeningSocket"/> (construction),
/// <see cref="ServeOnce"/> (each turn of <see cref="SocketServer.ServeForever"/>), <see cref="ProcessRequest"/>
/// (each accepted connection), <see cref="ServiceActions"/> (after each turn), <see cref="OnShutdownRequested"/>
/// (<see cref="SocketServer.Shutdown"/>) and <see cref="ServerClose"/> (disposal). Every hook but
/// <see cref="ProcessRequest"/> has the behaviour of Python's <c>BaseServer</c> by default.
/// </para>
/// <para>A mix-in instance belongs to one server: attaching it to a second one throws.</para>
/// </remarks>
public abstract class ServerMixIn
{
    private SocketServer? _server;

    /// <summary>The server this mix-in is attached to.</summary>
    /// <exception cref="InvalidOperationException">The mix-in is not attached to a server yet.</exception>
    public SocketServer Server =>
        _server ?? throw new InvalidOperationException($"This {GetType().Name} is not attached to a server yet.");

    internal void Attach(SocketServer server)
    {
        if (Interlocked.CompareExchange(ref _server, server, null) is not null)
        {
            throw new InvalidOperationException(
                $"This {GetType().Name} already belongs to another server; create one mix-in per server.");
        }
    }

    #region nesting
    /// <summary>
    /// Attaches <paramref name="inner"/> to this mix-in's server, so that this mix-in can delegate to it: mix-ins
    /// nest, as when each worker process of a process mix-in runs its connections with a thread mix-in.
    /// </summary>
    /// <param name="inner">A mix-in not attached to any server yet.</param>
    protected void AttachInner(ServerMixIn inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        inner.Attach(Server);
    }

    /// <summary>Runs <paramref name="inner"/>'s <see cref="ServeOnce"/>.</summary>
    /// <param name="inner">A mix-in attached with <see cref="AttachInner"/>.</param>
    /// <param name="pollInterval">The poll interval.</param>
    protected static void ForwardServeOnce(ServerMixIn inner, TimeSpan pollInterval) =>
        (inner ?? throw new ArgumentNullException(nameof(inner))).ServeOnce(pollInterval);

    /// <summary>Runs <paramref name="inner"/>'s <see cref="ProcessRequest"/>.</summary>
    /// <param name="inner">A mix-in attached with <see cref="AttachInner"/>.</param>
    /// <param name="request">The accepted connection.</param>
    /// <param name="clientAddress">The peer's address.</param>
    protected static void ForwardProcessRequest(ServerMixIn inner, Socket request, EndPoint clientAddress) =>
        (inner ?? throw new ArgumentNullException(nameof(inner))).ProcessRequest(request, clientAddress);

    /// <summary>Runs <paramref name="inner"/>'s <see cref="ServiceActions"/>.</summary>
    /// <param name="inner">A mix-in attached with <see cref="AttachInner"/>.</param>
    protected static void ForwardServiceActions(ServerMixIn inner) =>
        (inner ?? throw new ArgumentNullException(nameof(inner))).ServiceActions();

    /// <summary>Runs <paramref name="inner"/>'s <see cref="ServerClose"/>.</summary>
    /// <param name="inner">A mix-in attached with <see cref="AttachInner"/>.</param>
    protected static void ForwardServerClose(ServerMixIn inner) =>
        (inner ?? throw new ArgumentNullException(nameof(inner))).ServerClose();
    #endregion

    /// <summary>
    /// Lets the mix-in supply an already-listening socket instead of the server binding a new one; for example
    /// a socket inherited from a parent process. The default returns <see langword="null"/>: the server binds.
    /// </summary>
    /// <param name="requestedEndPoint">The end point the server was asked to listen on.</param>
    /// <returns>A listening socket the server adopts, or <see langword="null"/>.</returns>
    protected internal virtual Socket? ProvideListeningSocket(EndPoint requestedEndPoint) => null;

    #region mixin-hooks
    /// <summary>
    /// One turn of <see cref="SocketServer.ServeForever"/>: waits up to <paramref name="pollInterval"/> for the
    /// listening socket to become readable and, if it does, handles one request. This is Python's
    /// <c>selector.select(poll_interval)</c> followed by <c>_handle_request_noblock()</c>; pools override it.
    /// </summary>
    /// <param name="pollInterval">How long to wait before giving the loop a chance to notice a shutdown.</param>
    protected internal virtual void ServeOnce(TimeSpan pollInterval)
    {
        if (Server.WaitForRequest(pollInterval))
        {
            Server.HandleRequestNoBlock();
        }
    }

    /// <summary>
    /// Processes one accepted connection: Python's <c>process_request</c>. An implementation must eventually call
    /// <see cref="SocketServer.FinishRequest"/> and then <see cref="SocketServer.ShutdownRequest"/> for the
    /// connection, and report a handler's exception through <see cref="SocketServer.HandleError"/>.
    /// </summary>
    /// <param name="request">The accepted connection, now owned by the mix-in.</param>
    /// <param name="clientAddress">The peer's address.</param>
    protected internal abstract void ProcessRequest(Socket request, EndPoint clientAddress);
    #endregion

    /// <summary>Called once per turn of the serve loop, on the serving thread: Python's <c>service_actions</c>.</summary>
    protected internal virtual void ServiceActions()
    {
    }

    /// <summary>
    /// Called when <see cref="SocketServer.Shutdown"/> is requested, before the serve loop is asked to stop; for
    /// example to forward the request from a worker process to the process that owns the pool.
    /// </summary>
    protected internal virtual void OnShutdownRequested()
    {
    }

    /// <summary>
    /// Called when the server closes, after the serve loop has stopped and before the listening socket is closed:
    /// the place to wait for (or abandon) work still in flight.
    /// </summary>
    protected internal virtual void ServerClose()
    {
    }
}
