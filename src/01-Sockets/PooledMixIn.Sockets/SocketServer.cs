using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets;

/// <summary>
/// A blocking socket server in the shape of Python's <c>socketserver.BaseServer</c>: a listening socket, a
/// <see cref="ServeForever"/> loop, and the template steps every accepted connection goes through.
/// </summary>
/// <remarks>
/// <para>
/// Each connection follows Python's path: <see cref="HandleRequestNoBlock"/> accepts it (<see cref="GetRequest"/>),
/// asks <see cref="VerifyRequest"/>, hands it to <see cref="ProcessRequest"/> — which the <see cref="MixIn"/>
/// decides how to run — and the mix-in calls <see cref="FinishRequest"/> (which runs a fresh request handler) and
/// <see cref="ShutdownRequest"/>. Errors go to <see cref="HandleError"/>.
/// </para>
/// <para>Differences from Python, each for a reason:</para>
/// <list type="bullet">
/// <item>Concurrency is a <see cref="ServerMixIn"/> the server is composed with, not a base class (C# has no
/// multiple inheritance).</item>
/// <item>The listening socket is non-blocking. Python trusts <c>select</c> and then calls a blocking
/// <c>accept</c>; if the connection is gone by then (another process took it), that <c>accept</c> stalls the loop.
/// Here <see cref="GetRequest"/> returns at once and the loop goes on.</item>
/// <item><see cref="Shutdown"/> called from the serving thread itself (from a handler of a serial server) asks the
/// loop to stop and returns, where Python deadlocks. A shutdown requested before <see cref="ServeForever"/> starts
/// makes it return at once, so a caller never races the loop's start.</item>
/// <item>The listen backlog (<see cref="RequestQueueSize"/>) defaults to 1024 rather than Python's 5, so bursts of
/// new connections queue in the kernel instead of being retried by the clients.</item>
/// </list>
/// <para>Instances are not thread-safe except for <see cref="Shutdown"/> and <see cref="Dispose()"/>.</para>
/// </remarks>
public abstract class SocketServer : IDisposable
{
    /// <summary>The poll interval <see cref="ServeForever"/> uses when none is given: Python's 0.5 s.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(0.5);

    private static readonly TimeSpan s_firstAcceptPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_longestAcceptPause = TimeSpan.FromSeconds(1);

    private readonly Func<BaseRequestHandler> _handlerFactory;
    private readonly ManualResetEventSlim _isShutDown = new(initialState: true);
    private volatile bool _shutdownRequested;
    private int _servingThreadId;
    private int _disposed;
    private ILoggerFactory _loggerFactory = StandardErrorLoggerFactory.Instance;
    private ILogger _logger = StandardErrorLoggerFactory.Instance.CreateLogger(LogCategories.Server);
    private ILogger _accessLogger = StandardErrorLoggerFactory.Instance.CreateLogger(LogCategories.Access);
    private readonly DescriptorReserve _descriptorReserve = new();
    private long _acceptPauseTicks;
    private long _acceptPauseLoggedAt = long.MinValue / 2;

    /// <summary>Creates a server that listens on <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">Where to listen; a port of 0 lets the system choose (see <see cref="ServerAddress"/>).</param>
    /// <param name="socketType">The socket type; <see cref="SocketType.Stream"/> for every server here.</param>
    /// <param name="protocolType">The protocol; <see cref="ProtocolType.Tcp"/> or <see cref="ProtocolType.Unspecified"/>.</param>
    /// <param name="handlerFactory">Creates one request handler per connection.</param>
    /// <param name="mixIn">The concurrency model; <see langword="null"/> means <see cref="SerialMixIn"/>.</param>
    /// <param name="bindAndActivate">
    /// <see langword="true"/> to bind and listen now, as Python does; <see langword="false"/> to set
    /// <see cref="RequestQueueSize"/> or socket options first and then call <see cref="ServerBind"/> and
    /// <see cref="ServerActivate"/>.
    /// </param>
    protected SocketServer(
        EndPoint endPoint,
        SocketType socketType,
        ProtocolType protocolType,
        Func<BaseRequestHandler> handlerFactory,
        ServerMixIn? mixIn,
        bool bindAndActivate)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(handlerFactory);

        RequestedEndPoint = endPoint;
        _handlerFactory = handlerFactory;
        #region compose-mixin
        MixIn = mixIn ?? new SerialMixIn();
        MixIn.Attach(this);

        var adopted = MixIn.ProvideListeningSocket(endPoint);
        if (adopted is not null)
        {
            Socket = adopted;
            IsAdoptedSocket = true;
            IsActivated = true;
        }
        else
        {
            Socket = new Socket(endPoint.AddressFamily, socketType, protocolType);
            if (bindAndActivate)
            {
                try
                {
                    ServerBind();
                    ServerActivate();
                }
                catch
                {
                    Socket.Dispose();
                    throw;
                }
            }
        }
        #endregion
    }

    /// <summary>The listening socket: Python's <c>server.socket</c>.</summary>
    public Socket Socket { get; }

    /// <summary>The end point the server was asked to listen on.</summary>
    public EndPoint RequestedEndPoint { get; }

    /// <summary>
    /// The end point the server listens on (with the port the system chose for port 0): Python's
    /// <c>server_address</c> after binding.
    /// </summary>
    public EndPoint ServerAddress => Socket.LocalEndPoint ?? RequestedEndPoint;

    /// <summary>The concurrency model this server delegates <see cref="ProcessRequest"/> to.</summary>
    public ServerMixIn MixIn { get; }

    /// <summary>Whether the listening socket was supplied by the <see cref="MixIn"/> rather than bound here.</summary>
    public bool IsAdoptedSocket { get; }

    /// <summary>Whether the socket is bound and listening.</summary>
    public bool IsActivated { get; private set; }

    /// <summary>The listen backlog used by <see cref="ServerActivate"/>: Python's <c>request_queue_size</c>.</summary>
    public int RequestQueueSize { get; set; } = 1024;

    /// <summary>
    /// How long <see cref="HandleRequest"/> waits for a connection; <see langword="null"/> waits for ever.
    /// Python's <c>timeout</c>.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Where every logger of the server and its mix-in comes from, one category per audience (see
    /// <see cref="LogCategories"/>). The default writes warnings and errors to standard error, as Python's
    /// <c>handle_error</c> prints there. Set it before serving: each process of a pool sets its own, since the code
    /// that creates the server runs in every worker.
    /// </summary>
    public ILoggerFactory LoggerFactory
    {
        get => _loggerFactory;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            (_logger, _accessLogger) = (value.CreateLogger(LogCategories.Server), value.CreateLogger(LogCategories.Access));
            _loggerFactory = value;
        }
    }

    /// <summary>The server's own diagnostics (category <see cref="LogCategories.Server"/>): Python's <c>handle_error</c>.</summary>
    public ILogger Logger => _logger;

    /// <summary>The access log (category <see cref="LogCategories.Access"/>): Python's <c>log_request</c>.</summary>
    public ILogger AccessLogger => _accessLogger;

    /// <summary>Whether a <see cref="ServeForever"/> loop is running.</summary>
    public bool IsServing => !_isShutDown.IsSet;

    /// <summary>Whether <see cref="Shutdown"/> has been requested and the loop has not yet acted on it.</summary>
    public bool IsShutdownRequested => _shutdownRequested;

    /// <summary>Binds the socket to <see cref="RequestedEndPoint"/>: Python's <c>server_bind</c>.</summary>
    public void ServerBind()
    {
        ThrowIfDisposed();
        ConfigureListeningSocket(Socket);
        try
        {
            Socket.Bind(RequestedEndPoint);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new SocketException(
                (int)SocketError.AddressAlreadyInUse,
                $"Cannot listen on {RequestedEndPoint}: the address is already in use by another socket.");
        }
    }

    /// <summary>
    /// Starts listening and makes the socket non-blocking (see the remarks on <see cref="SocketServer"/>):
    /// Python's <c>server_activate</c>.
    /// </summary>
    public void ServerActivate()
    {
        ThrowIfDisposed();
        if (RequestQueueSize <= 0)
        {
            throw new InvalidOperationException($"{nameof(RequestQueueSize)} must be positive, not {RequestQueueSize}.");
        }

        Socket.Listen(RequestQueueSize);
        Socket.Blocking = false;
        IsActivated = true;
    }

    /// <summary>Sets options on the listening socket before it is bound. The base does nothing.</summary>
    /// <param name="listeningSocket">The socket about to be bound.</param>
    protected virtual void ConfigureListeningSocket(Socket listeningSocket)
    {
    }

    #region serve-forever
    /// <summary>
    /// Handles requests until <see cref="Shutdown"/> is called: Python's <c>serve_forever</c>. Each turn waits up to
    /// <paramref name="pollInterval"/> for a connection, so a shutdown is noticed within that time.
    /// </summary>
    /// <param name="pollInterval">The longest wait per turn; <see cref="DefaultPollInterval"/> when omitted.</param>
    /// <exception cref="InvalidOperationException">Another thread is already serving.</exception>
    public void ServeForever(TimeSpan? pollInterval = null)
    {
        var interval = pollInterval ?? DefaultPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollInterval));
        ThrowIfDisposed();
        ThrowIfNotActivated();
        EnterServing();
        try
        {
            while (!_shutdownRequested)
            {
                MixIn.ServeOnce(interval);
                ServiceActions();
            }
        }
        finally
        {
            _shutdownRequested = false;
            _servingThreadId = 0;
            _isShutDown.Set();
        }
    }
    #endregion

    /// <summary>
    /// Stops the <see cref="ServeForever"/> loop and waits until it has stopped: Python's <c>shutdown</c>. Safe to call
    /// from any thread and more than once. Called on the serving thread itself (from a handler of a serial server),
    /// it only asks the loop to stop, since that thread cannot wait for itself.
    /// </summary>
    public void Shutdown()
    {
        if (_shutdownRequested && !IsServing)
        {
            return;
        }

        MixIn.OnShutdownRequested();
        _shutdownRequested = true;
        if (Environment.CurrentManagedThreadId != Volatile.Read(ref _servingThreadId))
        {
            _isShutDown.Wait();
        }
    }

    /// <summary>
    /// Waits for and handles one request, for at most <see cref="Timeout"/>: Python's <c>handle_request</c>.
    /// </summary>
    /// <returns><see langword="true"/> if a connection arrived; <see langword="false"/> if the wait timed out.</returns>
    public bool HandleRequest()
    {
        ThrowIfDisposed();
        ThrowIfNotActivated();
        if (!WaitForRequest(Timeout ?? System.Threading.Timeout.InfiniteTimeSpan))
        {
            HandleTimeout();
            return false;
        }

        HandleRequestNoBlock();
        return true;
    }

    /// <summary>
    /// Waits until the listening socket is readable (a connection is queued) or <paramref name="timeout"/> passes.
    /// </summary>
    /// <param name="timeout">The longest wait; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <returns><see langword="true"/> if the socket became readable.</returns>
    public bool WaitForRequest(TimeSpan timeout)
    {
        var microseconds = timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? -1
            : (int)Math.Min(int.MaxValue, Math.Max(0, timeout.Ticks / 10));
        return Socket.Poll(microseconds, SelectMode.SelectRead);
    }

    #region handle-request-noblock
    /// <summary>
    /// Accepts one connection if one is queued and takes it through <see cref="VerifyRequest"/> and
    /// <see cref="ProcessRequest"/>: Python's <c>_handle_request_noblock</c>. Returns at once when nothing is queued.
    /// </summary>
    /// <returns><see langword="true"/> if a connection was accepted.</returns>
    public bool HandleRequestNoBlock()
    {
        if (!GetRequest(out var request, out var clientAddress))
        {
            return false;
        }

        if (!VerifyRequest(request, clientAddress))
        {
            ShutdownRequest(request);
            return true;
        }

        try
        {
            ProcessRequest(request, clientAddress);
        }
        catch (Exception exception)
        {
            HandleError(request, clientAddress, exception);
            ShutdownRequest(request);
        }

        return true;
    }
    #endregion

    /// <summary>
    /// Accepts a queued connection without blocking: Python's <c>get_request</c>. A connection that vanished before
    /// it could be accepted (taken by another process, or reset by its client) is not an error. Neither is running out
    /// of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): the call logs it, pauses with a growing back-off so
    /// the loop does not spin, and returns <see langword="false"/>; the connection waits in the kernel's queue.
    /// </summary>
    /// <param name="request">The accepted connection.</param>
    /// <param name="clientAddress">The peer's address.</param>
    /// <returns><see langword="false"/> if no connection was waiting.</returns>
    public virtual bool GetRequest(out Socket request, out EndPoint clientAddress)
    {
        if (!_descriptorReserve.IsHeld && !_descriptorReserve.TryTake())
        {
            PauseAccepting("the process is still nearly out of descriptors");
            request = null!;
            clientAddress = null!;
            return false;
        }

        #region non-blocking-accept
        try
        {
            request = Socket.Accept();
        }
        catch (SocketException exception) when (IsTransientAcceptError(exception.SocketErrorCode))
        {
            request = null!;
            clientAddress = null!;
            return false;
        }
        #endregion
        catch (SocketException exception) when (IsResourceExhausted(exception.SocketErrorCode))
        {
            _descriptorReserve.Release();
            PauseAccepting($"out of descriptors or memory ({exception.Message})");
            request = null!;
            clientAddress = null!;
            return false;
        }

        Interlocked.Exchange(ref _acceptPauseTicks, 0);
        if (DescriptorReserve.IsNearTheLimit(request, out var limit))
        {
            // This connection is served; the next waits until the runtime has descriptors to spare again.
            _descriptorReserve.Release();
            LogAcceptPause($"nearly out of descriptors (descriptor {request.SafeHandle.DangerousGetHandle()} of a limit of {limit})", s_firstAcceptPause.TotalMilliseconds);
        }

        // The accepted socket must block: handlers use plain synchronous reads with timeouts.
        request.Blocking = true;
        clientAddress = request.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        return true;
    }

    #region transient-accept-errors
    private static bool IsTransientAcceptError(SocketError error) => error is
        SocketError.WouldBlock or SocketError.ConnectionAborted or SocketError.ConnectionReset or
        SocketError.Interrupted or SocketError.TryAgain;
    #endregion

    /// <summary>EMFILE and ENFILE (out of descriptors), ENOBUFS and ENOMEM (out of kernel memory).</summary>
    private static bool IsResourceExhausted(SocketError error) => error is
        SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable;

    #region accept-pause
    /// <summary>
    /// Out of descriptors or memory, accept fails while the connection stays queued, so the socket stays readable: a
    /// loop that retried at once would spin on a core, and a server that gave up would drop everyone. Instead the
    /// server lets its <see cref="DescriptorReserve"/> go (the runtime needs descriptors to start threads; it lets it
    /// go already when an accepted descriptor comes close to the limit, before anything fails), and the thread pauses, 5 ms at first and twice as long each time up to 1 s, as Go's <c>http.Server</c> does. Accepting
    /// resumes once the reserve can be taken back; the next accept that succeeds ends the pauses. The log says so at
    /// most once a second.
    /// </summary>
    private void PauseAccepting(string reason)
    {
        long pause, seen;
        do
        {
            seen = Volatile.Read(ref _acceptPauseTicks);
            pause = Math.Clamp(seen * 2, s_firstAcceptPause.Ticks, s_longestAcceptPause.Ticks);
        }
        while (Interlocked.CompareExchange(ref _acceptPauseTicks, pause, seen) != seen);

        LogAcceptPause(reason, TimeSpan.FromTicks(pause).TotalMilliseconds);
        Thread.Sleep(TimeSpan.FromTicks(pause)); // nothing can be accepted until a descriptor or memory is free
    }

    private void LogAcceptPause(string reason, double pauseMilliseconds)
    {
        var now = Environment.TickCount64;
        var logged = Volatile.Read(ref _acceptPauseLoggedAt);
        if (now - logged >= 1000 && Interlocked.CompareExchange(ref _acceptPauseLoggedAt, now, logged) == logged)
        {
            Log.AcceptPaused(Logger, reason, pauseMilliseconds);
        }
    }
    #endregion

    /// <summary>Decides whether to serve a connection; <see langword="false"/> closes it unserved. Python's <c>verify_request</c>.</summary>
    /// <param name="request">The accepted connection.</param>
    /// <param name="clientAddress">The peer's address.</param>
    /// <returns><see langword="true"/> to serve the connection. The base accepts everything.</returns>
    public virtual bool VerifyRequest(Socket request, EndPoint clientAddress) => true;

    /// <summary>Hands the connection to the <see cref="MixIn"/>: Python's <c>process_request</c>.</summary>
    /// <param name="request">The accepted connection.</param>
    /// <param name="clientAddress">The peer's address.</param>
    public virtual void ProcessRequest(Socket request, EndPoint clientAddress) =>
        MixIn.ProcessRequest(request, clientAddress);

    /// <summary>
    /// Runs a new request handler on the connection (<c>Setup</c>, <c>Handle</c>, <c>Finish</c>): Python's
    /// <c>finish_request</c>. Exceptions propagate to the caller, which reports them through <see cref="HandleError"/>.
    /// </summary>
    /// <param name="request">The accepted connection.</param>
    /// <param name="clientAddress">The peer's address.</param>
    public virtual void FinishRequest(Socket request, EndPoint clientAddress)
    {
        var handler = _handlerFactory()
            ?? throw new InvalidOperationException("The request handler factory returned null.");
        handler.Run(request, clientAddress, this);
    }

    #region shutdown-request
    /// <summary>
    /// Ends a connection gracefully: sends FIN, discards what the client still sends for a short while (so unread
    /// input does not turn the close into a reset that destroys the response in flight), then closes it.
    /// Python's <c>shutdown_request</c>, with Apache's <em>lingering close</em> added. Safe to call twice.
    /// </summary>
    /// <param name="request">The connection to end.</param>
    public virtual void ShutdownRequest(Socket request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            request.Shutdown(SocketShutdown.Send);
            if (request.Available > 0)
            {
                LingeringClose.Drain(request);
            }
        }
        catch (SocketException)
        {
            // The peer is gone already; closing is all that is left to do.
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        CloseRequest(request);
    }
    #endregion

    /// <summary>Closes a connection: Python's <c>close_request</c>.</summary>
    /// <param name="request">The connection to close.</param>
    public virtual void CloseRequest(Socket request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Dispose();
    }

    /// <summary>
    /// Reports an exception raised while processing a connection: Python's <c>handle_error</c>. The server keeps
    /// serving. The base logs it to <see cref="Logger"/>.
    /// </summary>
    /// <param name="request">The connection, if one was accepted.</param>
    /// <param name="clientAddress">The peer's address, if known.</param>
    /// <param name="exception">What went wrong.</param>
    public virtual void HandleError(Socket? request, EndPoint? clientAddress, Exception exception) =>
        Log.RequestFailed(Logger, clientAddress?.ToString() ?? "an unknown client", exception);

    /// <summary>Called when <see cref="HandleRequest"/> times out: Python's <c>handle_timeout</c>. The base does nothing.</summary>
    public virtual void HandleTimeout()
    {
    }

    /// <summary>Called after each turn of the serve loop: Python's <c>service_actions</c>. The base asks the <see cref="MixIn"/>.</summary>
    public virtual void ServiceActions() => MixIn.ServiceActions();

    /// <summary>
    /// Stops serving (if a loop runs on another thread), lets the <see cref="MixIn"/> finish its work and closes
    /// the listening socket: Python's <c>server_close</c>.
    /// </summary>
    public void ServerClose() => Dispose();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the server's resources; see <see cref="ServerClose"/>.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (IsServing && Environment.CurrentManagedThreadId != Volatile.Read(ref _servingThreadId))
        {
            Shutdown();
        }

        try
        {
            MixIn.ServerClose();
        }
        finally
        {
            Socket.Dispose();
            _descriptorReserve.Dispose();
            OnListeningSocketClosed();
        }
    }

    /// <summary>Called once the listening socket is closed; for example to remove a Unix socket's file.</summary>
    protected virtual void OnListeningSocketClosed()
    {
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> if the server has been closed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void ThrowIfNotActivated()
    {
        if (!IsActivated)
        {
            throw new InvalidOperationException(
                $"The server is not listening; call {nameof(ServerBind)} and {nameof(ServerActivate)} first.");
        }
    }

    private void EnterServing()
    {
        lock (_isShutDown)
        {
            if (!_isShutDown.IsSet)
            {
                throw new InvalidOperationException("ServeForever is already running on another thread.");
            }

            _servingThreadId = Environment.CurrentManagedThreadId;
            _isShutDown.Reset();
        }
    }
}
