using System.Runtime.Versioning;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// Serves one connection in a worker: layer 1's HTTP/1.1 handler parses each request, and every method is handed to
/// the app's <see cref="IHttpApplication{TContext}"/> on this pool thread, the way TestServer and Kestrel drive it:
/// create the context from the request's features, process it, complete the response, run <c>OnCompleted</c>,
/// dispose the context with the exception, if any.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ApplicationRequestHandler<TContext> : BaseHttpRequestHandler, IDrainableConnection
    where TContext : notnull
{
    private static long s_lastConnectionNumber;

    private readonly IHttpApplication<TContext> _application;
    private readonly ConnectionDrain _drain;
    private string? _connectionId;
    private int _requestNumber;
    private int _betweenRequests;

    public ApplicationRequestHandler(IHttpApplication<TContext> application, HttpRequestLimits limits, TimeSpan ioTimeout, ConnectionDrain drain)
    {
        _application = application;
        _drain = drain;
        Limits = limits;
        Timeout = ioTimeout;
    }

    public override void Setup()
    {
        base.Setup();
        _drain.Add(this);
    }

    public override void Finish()
    {
        _drain.Remove(this);
        base.Finish();
    }

    #region drain
    /// <summary>Waits for the next request, unless the worker is stopping.</summary>
    public override void HandleOneRequest()
    {
        Interlocked.Exchange(ref _betweenRequests, 1); // a full barrier: pairs with the one in ConnectionDrain.Drain
        if (_drain.IsDraining)
        {
            CloseConnection = true;
            return;
        }

        base.HandleOneRequest();
    }

    public void CloseIfIdle()
    {
        if (Volatile.Read(ref _betweenRequests) == 1)
        {
            try
            {
                Request.Shutdown(SocketShutdown.Receive); // the blocked read sees the end of input
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // Closed meanwhile: nothing left to drain.
            }
        }
    }
    #endregion

    // ASP.NET Core's routing decides what a method means (405, 404); layer 1 only parses.
    protected override void DoGet() => Serve();

    protected override void DoHead() => Serve();

    protected override void DoPost() => Serve();

    protected override void DoPut() => Serve();

    protected override void DoDelete() => Serve();

    protected override void DoPatch() => Serve();

    protected override void DoOptions() => Serve();

    /// <summary>ASP.NET Core logs requests itself (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>).</summary>
    protected override void LogRequest(int code)
    {
    }

    #region serve-request
    private void Serve()
    {
        Interlocked.Exchange(ref _betweenRequests, 0);
        if (_drain.IsDraining)
        {
            CloseConnection = true; // answered with Connection: close, then the connection ends
        }

        _connectionId ??= string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessId:X}-{Interlocked.Increment(ref s_lastConnectionNumber):X}");
        using var features = new RequestFeatures(this, _connectionId, ++_requestNumber, Limits.MaxBodyLength);
        var context = _application.CreateContext(features.Collection);
        Exception? failure = null;
        try
        {
            // The pipeline is async; this thread waits for it. Whatever completes synchronously (most of it, since
            // writes to the connection do) runs right here; awaits that truly wait resume on the .NET thread pool.
            _application.ProcessRequestAsync(context).GetAwaiter().GetResult();
            features.CompleteAsync().GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            failure = exception;
            LogFailure(features, exception);
            EndFailedResponse(features);
        }

        features.FireOnCompleted();
        _application.DisposeContext(context, failure);
        if (features.IsAborted)
        {
            Reset();
        }
    }
    #endregion

    /// <summary>
    /// An app's exception is an error, unless the request had been aborted: then the exception is the abort's own
    /// consequence (a cancelled wait, a write refused), as Kestrel judges it too.
    /// </summary>
    private void LogFailure(RequestFeatures features, Exception exception)
    {
        if (features.IsAborted && exception is OperationCanceledException or IOException)
        {
            Log.AbortedRequestEnded(Server.Logger, features.ConnectionId, features.TraceIdentifier, exception);
            return;
        }

        Log.ApplicationError(Server.Logger, features.ConnectionId, features.TraceIdentifier, exception);
    }

    /// <summary>An exception before the response started becomes a 500; after it started, only a reset is honest.</summary>
    private static void EndFailedResponse(RequestFeatures features)
    {
        if (features.HasStarted || features.IsAborted)
        {
            features.Abort();
            return;
        }

        try
        {
            features.RespondWithServerError();
        }
        catch (IOException)
        {
            features.Abort();
        }
    }

    /// <summary>Closes the connection with RST, discarding unsent output, so a truncated response reads as an error.</summary>
    private void Reset()
    {
        CloseConnection = true;
        try
        {
            WFile.Flush(); // leaves nothing for layer 1's final flush to write to a closed socket
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The abort already reset it.
        }

        RequestFeatures.ResetConnection(Request);
    }
}
