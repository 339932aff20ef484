using System.Runtime.Versioning;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// The <see cref="IServer"/> that runs an ASP.NET Core app on the pool. The same <see cref="StartAsync"/> runs in
/// every process, and layer 5 decides what it means there: in the server process the listening socket is bound
/// and the workers started; in a worker it is adopted, and the pool's threads run the app.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class PooledProcessesServer : IServer
{
    private readonly PooledProcessesServerOptions _options;
    private readonly TimeSpan _shutdownTimeout;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ServerAddressesFeature _addresses = new();
    private readonly ConnectionDrain _drain = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ApplicationHttpServer? _server;
    private Thread? _servingThread;
    private PosixSignalRegistration? _drainOnSigterm;

    public PooledProcessesServer(
        IOptions<PooledProcessesServerOptions> options,
        IOptions<HostOptions> hostOptions,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _shutdownTimeout = hostOptions.Value.ShutdownTimeout;
        _lifetime = lifetime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<PooledProcessesServer>();
        Features.Set<IServerAddressesFeature>(_addresses);
    }

    public IFeatureCollection Features { get; } = new FeatureCollection();

    #region server-start
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        ArgumentNullException.ThrowIfNull(application);
        if (_server is not null)
        {
            throw new InvalidOperationException("The server has already started.");
        }

        var endPoint = ListenAddress.Resolve(_addresses.Addresses);
        var pool = new PooledProcessMixIn
        {
            ProcessCount = _options.ProcessCount,
            ThreadCount = _options.ThreadCount,
            Strategy = _options.Strategy,
            HandoffTimeout = _options.HandoffTimeout,
            WorkerStartTimeout = _options.WorkerStartTimeout,
            GracefulStopTimeout = _options.GracefulStopTimeout ?? _shutdownTimeout,
        };
        foreach (var (name, value) in _options.WorkerEnvironment)
        {
            pool.WorkerEnvironment[name] = value;
        }

        var limits = HttpRequestLimits.Default with
        {
            MaxBodyLength = _options.MaxRequestBodySize,
            KeepAliveTimeout = _options.KeepAliveTimeout,
            RequestHeadTimeout = _options.RequestHeadersTimeout,
        };

        // In the server process the factory is never called: it only hands connections over.
        var server = new ApplicationHttpServer(endPoint, () => new ApplicationRequestHandler<TContext>(application, limits, _options.IOTimeout, _drain), pool)
        {
            LoggerFactory = _loggerFactory,
        };
        _server = server;
        _addresses.Addresses.Clear();
        _addresses.Addresses.Add(ListenAddress.Format(server.ServerAddress));

        if (WorkerProcess.IsWorker)
        {
            // The server process stops a worker with SIGTERM; layer 3 stops its loop, and this ends idle connections.
            _drainOnSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => _drain.Drain());
        }
        else
        {
            pool.StartPool(); // returns once every worker serves; a worker that fails to start fails the host's start
        }

        _servingThread = new Thread(Serve) { Name = WorkerProcess.IsWorker ? "pool-worker-loop" : "pool-server-loop" };
        _servingThread.Start();
        return Task.CompletedTask;
    }
    #endregion

    #region server-stop
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var server = _server;
        if (server is null || _stopped.Task.IsCompleted)
        {
            return;
        }

        _drain.Drain();

        // Shutdown blocks until ServeForever returns; the pool's graceful stop, bounded by GracefulStopTimeout
        // (the host's shutdown timeout unless set), finishes the requests in flight and then kills what remains.
        await Task.Run(server.Shutdown, CancellationToken.None).ConfigureAwait(false);
        await _stopped.Task.ConfigureAwait(false);
    }
    #endregion

    public void Dispose()
    {
        if (_servingThread is { IsAlive: true })
        {
            _server!.Shutdown();
        }

        _servingThread?.Join();
        _server?.Dispose();
        _drainOnSigterm?.Dispose();
    }

    private void Serve()
    {
        try
        {
            _server!.ServeForever();
        }
        catch (Exception exception)
        {
            Log.ServingFailed(_logger, exception);
        }
        finally
        {
            _stopped.TrySetResult();
        }

        // The loop also ends without StopAsync: a worker's app asked the server to stop, the server process stopped
        // this worker, or it died. The host must end with it; when StopAsync ended the loop, this changes nothing.
        _lifetime.StopApplication();
    }
}
