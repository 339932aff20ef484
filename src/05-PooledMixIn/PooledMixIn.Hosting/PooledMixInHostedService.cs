using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;

namespace PooledMixIn.Hosting;

/// <summary>
/// A PooledMixIn HTTP server as a hosted service. In the server process, starting returns once every worker serves,
/// so the host's own readiness (systemd's <c>READY=1</c> through <c>UseSystemd()</c>) means the pool serves; stopping
/// is the pool's graceful stop. In a worker, starting adopts the listening socket and serves; when the pool stops the
/// worker, its host stops too. <c>ServeForever</c> runs on a thread of its own, as it blocks.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class PooledMixInHostedService(
    IServiceProvider services,
    PoolRequestHandlerFactory handlerFactory,
    IOptions<PooledMixInHostOptions> options,
    IOptions<HostOptions> hostOptions,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("PooledMixIn.Hosting");
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpServer? _server;
    private HostOperatorSignals? _signals;
    private Thread? _servingThread;
    private volatile bool _stopping;

    #region hosted-start
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pool = new PooledProcessMixIn
        {
            ProcessCount = settings.ProcessCount,
            ThreadCount = settings.ThreadCount,
            Strategy = settings.Strategy,
            WorkerStartTimeout = settings.WorkerStartTimeout,
            GracefulStopTimeout = settings.GracefulStopTimeout ?? hostOptions.Value.ShutdownTimeout,
            PidFile = settings.PidFile,
            HandleSignals = false, // TERM, INT and QUIT are the host's; the others are registered below
        };
        foreach (var (name, value) in settings.WorkerEnvironment)
        {
            pool.WorkerEnvironment[name] = value;
        }

        var server = new HttpServer(new IPEndPoint(IPAddress.Parse(settings.Host), settings.Port), () => handlerFactory.Create(services), pool)
        {
            LoggerFactory = loggerFactory, // the host's logging, in the library's categories (server, access, supervisor, pool)
        };
        _server = server;
        if (!WorkerProcess.IsWorker)
        {
            pool.StartPool(); // returns once every worker serves; a worker that fails to start fails the host's start
            _signals = new HostOperatorSignals(pool);
            Log.Listening(_logger, server.ServerUrl, Environment.ProcessId, pool.ProcessCount, pool.ThreadCount);
        }

        _servingThread = new Thread(Serve) { Name = WorkerProcess.IsWorker ? "pool-worker-loop" : "pool-server-loop" };
        _servingThread.Start();
        return Task.CompletedTask;
    }
    #endregion

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_server is not { } server || _stopped.Task.IsCompleted)
        {
            return;
        }

        // Shutdown blocks until ServeForever returns: the pool's graceful stop, bounded by GracefulStopTimeout.
        await Task.Run(server.Shutdown, CancellationToken.None).ConfigureAwait(false);
        await _stopped.Task.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _signals?.Dispose();
        if (_servingThread is { IsAlive: true })
        {
            _server!.Shutdown();
        }

        _servingThread?.Join();
        _server?.Dispose();
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
            if (!_stopping)
            {
                // The pool stopped this worker, or a request (/shutdown) stopped the server: the host follows.
                lifetime.StopApplication();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 501, Level = LogLevel.Information,
            Message = "Listening on {Url} (server pid {Pid}): {ProcessCount} processes x {ThreadCount} threads")]
        public static partial void Listening(ILogger logger, string url, int pid, int processCount, int threadCount);

        [LoggerMessage(EventId = 502, Level = LogLevel.Critical, Message = "The server's loop failed; stopping the host")]
        public static partial void ServingFailed(ILogger logger, Exception exception);
    }
}
