namespace PooledMixIn.Sockets;

/// <summary>
/// The logging categories of layer 1, one per audience, so that an application filters them apart
/// (<c>AddFilter(LogCategories.Access, LogLevel.Warning)</c> silences the access log and nothing else). Each layer
/// above adds its own: <c>PooledMixIn.Supervisor</c> for the supervisor of worker processes (layer 3,
/// <c>PreforkingMixIn.SupervisorLogCategory</c>) and <c>PooledMixIn.Pool</c> for the pool (layer 5,
/// <c>PooledProcessMixIn.PoolLogCategory</c>). Every logger comes from <see cref="SocketServer.LoggerFactory"/>.
/// </summary>
public static class LogCategories
{
    /// <summary>The server's own diagnostics: a handler's exception, accepting paused: Python's <c>handle_error</c>.</summary>
    public const string Server = "PooledMixIn.Server";

    /// <summary>
    /// One line per answered request, as Python's <c>log_request</c> writes, at <see cref="Microsoft.Extensions.Logging.LogLevel.Information"/>;
    /// the reason a request was refused (400, 408, 413, 431, 501) at <see cref="Microsoft.Extensions.Logging.LogLevel.Debug"/>.
    /// A client's mistake is not the server's fault, so nothing here is a warning.
    /// </summary>
    public const string Access = "PooledMixIn.Access";
}
